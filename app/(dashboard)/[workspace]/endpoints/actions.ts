"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/api/actions";
import { checkbox, contentFilterText, duration, durationList, jsonText, localDateTime, optionalInt, stringList, withFieldIssues } from "@/lib/dashboard/form-fields";
import {
  createEndpoint,
  customHeadersSchema,
  deleteEndpoint,
  disableEndpoint,
  enableEndpoint,
  pauseEndpoint,
  resumeEndpoint,
  revealEndpointSecret,
  rotateEndpointSecret,
  updateEndpoint,
  type OutboundAuthInput,
} from "@/lib/outbound/endpoints";
import { recoverFailedDeliveries, sendTestMessage } from "@/lib/outbound/messages";

const workspace = z.string().min(1);
const id = z.string().min(1);

/**
 * The endpoint form as the browser sends it. Field names match the core input where they can, so errors from
 * createEndpoint/updateEndpoint (an SSRF-refused URL, say) land beside the right field.
 */
const endpointFields = z.object({
  workspace,
  url: z.string().trim().min(1, "Enter the URL that receives the webhooks"),
  description: z.string().default(""),
  subscribeAll: checkbox,
  eventTypes: stringList,
  /** Extra entries typed by hand, such as "invoice.*", comma-separated. */
  eventTypePatterns: z.string().default(""),
  contentFilter: contentFilterText,
  headers: jsonText(customHeadersSchema, {}),
  authType: z.enum(["keep", "none", "basic", "bearer", "header"]).default("none"),
  authUsername: z.string().default(""),
  authPassword: z.string().default(""),
  authToken: z.string().default(""),
  authHeaderName: z.string().default(""),
  authHeaderValue: z.string().default(""),
  rateLimitPerSecond: optionalInt("The rate limit", 1, 10_000),
  timeoutSeconds: z.coerce.number("Enter a number of seconds").int("Use whole seconds").min(1, "At least 1 second").max(15, "At most 15 seconds"),
  versionPin: optionalInt("The version", 1, 1_000_000),
  retrySchedule: durationList,
  autoDisableAfter: duration("Auto-disable after"),
});

type EndpointForm = z.output<typeof endpointFields>;

// An empty list would be a valid filter that matches nothing, which in a form is always a slip.
function requireSubscription(form: EndpointForm, ctx: z.RefinementCtx) {
  if (!form.subscribeAll && form.eventTypes.length === 0 && form.eventTypePatterns.trim() === "") {
    ctx.addIssue({ code: "custom", path: ["eventTypes"], message: "Pick at least one event type, or subscribe to all of them" });
  }
}

function authInput(form: EndpointForm): OutboundAuthInput | undefined {
  switch (form.authType) {
    case "keep":
      return undefined;
    case "basic":
      return { type: "basic", username: form.authUsername, password: form.authPassword };
    case "bearer":
      return { type: "bearer", token: form.authToken };
    case "header":
      return { type: "header", name: form.authHeaderName, value: form.authHeaderValue };
    default:
      return { type: "none" };
  }
}

/** The core input for createEndpoint and updateEndpoint. */
function endpointInput(form: EndpointForm) {
  const patterns = form.eventTypePatterns.split(",").map((p) => p.trim()).filter(Boolean);
  return {
    url: form.url,
    description: form.description,
    eventTypes: form.subscribeAll ? null : [...new Set([...form.eventTypes, ...patterns])],
    contentFilter: form.contentFilter,
    headers: form.headers,
    auth: authInput(form),
    rateLimitPerSecond: form.rateLimitPerSecond,
    timeoutMs: form.timeoutSeconds * 1000,
    versionPin: form.versionPin,
    retrySchedule: form.retrySchedule,
    autoDisableAfterSeconds: form.autoDisableAfter,
  };
}

export const createEndpointAction = workspaceAction({
  permission: "endpoints:write",
  schema: endpointFields.extend({ paused: checkbox }).superRefine(requireSubscription),
  run: async (form, ctx, tx) => {
    const { endpoint } = await createEndpoint({ ...endpointInput(form), paused: form.paused }, ctx, tx);
    return endpoint.id;
  },
  redirectTo: (endpointId, form) => `/${form.workspace}/endpoints/${endpointId}`,
});

export const updateEndpointAction = workspaceAction({
  permission: "endpoints:write",
  schema: endpointFields.extend({ id }).superRefine(requireSubscription),
  run: async (form, ctx, tx) => {
    await updateEndpoint({ id: form.id, ...endpointInput(form) }, ctx, tx);
    return null;
  },
  message: "Endpoint settings saved",
});

export const deleteEndpointAction = workspaceAction({
  permission: "endpoints:write",
  schema: z.object({ workspace, id }),
  run: (input, ctx, tx) => deleteEndpoint(input, ctx, tx),
  redirectTo: (_result, input) => `/${input.workspace}/endpoints`,
});

const STATUS_CHANGES = { pause: pauseEndpoint, resume: resumeEndpoint, enable: enableEndpoint, disable: disableEndpoint };
const VERBS = { pause: "paused", resume: "resumed", enable: "enabled", disable: "disabled" };

export const changeEndpointStatusAction = workspaceAction({
  permission: "endpoints:write",
  schema: z.object({
    id,
    change: z.enum(["pause", "resume", "enable", "disable"]),
    reason: z.string().trim().max(500, "Keep the reason under 500 characters").optional().transform((r) => r || undefined),
  }),
  run: async (input, ctx, tx) => {
    await STATUS_CHANGES[input.change]({ id: input.id, reason: input.reason }, ctx, tx);
    return input.change;
  },
  message: (change) => `Endpoint ${VERBS[change]}`,
});

export const revealSecretAction = workspaceAction({
  permission: "endpoints:write",
  schema: z.object({ id }),
  run: (input, ctx, tx) => revealEndpointSecret(input, ctx, tx),
});

export const rotateSecretAction = workspaceAction({
  permission: "endpoints:write",
  schema: z.object({ id, overlapSeconds: z.coerce.number().int().min(0).max(7 * 24 * 3600) }),
  run: async (input, ctx, tx) => ({ ...(await rotateEndpointSecret(input, ctx, tx)), overlapping: input.overlapSeconds > 0 }),
});

export const sendTestAction = workspaceAction({
  permission: "messages:write",
  schema: z.object({
    endpointId: id,
    eventType: z.string().min(1, "Pick an event type"),
    payload: jsonText(z.unknown(), undefined),
  }),
  run: (input, ctx, tx) => withFieldIssues(() => sendTestMessage(input, ctx, tx)).then((r) => r.message.id),
  message: "Test event queued",
});

export const recoverAction = workspaceAction({
  permission: "messages:write",
  schema: z
    .object({ workspace, endpointId: id, since: z.string().min(1, "Pick a time"), tzOffset: z.string().default("") })
    .transform((form, ctx) => {
      const offset = Number.parseInt(form.tzOffset, 10);
      const since = Number.isNaN(offset) ? new Date(form.since) : localDateTime(form.since, offset);
      if (!since || Number.isNaN(since.getTime())) {
        ctx.addIssue({ code: "custom", path: ["since"], message: "Pick a date and time" });
        return z.NEVER;
      }
      if (since.getTime() > Date.now()) {
        ctx.addIssue({ code: "custom", path: ["since"], message: "Pick a time in the past" });
        return z.NEVER;
      }
      return { workspace: form.workspace, endpointId: form.endpointId, since };
    }),
  run: (input, ctx, tx) => recoverFailedDeliveries(input, ctx, tx),
  redirectTo: (result, input) =>
    `/${input.workspace}/endpoints/${input.endpointId}?${new URLSearchParams({ recoverSince: input.since.toISOString(), recovered: String(result.count) })}#recover`,
});
