"use server";

import { z } from "zod";
import { idSchema } from "@/lib/platform/id-types";
import type { Tx } from "@/db";
import { workspaceAction } from "@/lib/api/actions";
import { AppError } from "@/lib/api/errors";
import type { RequestContext } from "@/lib/api/request-context";
import { DEFAULT_APPLICATION, resolveApplication } from "@/lib/applications";
import { checkbox, withFieldIssues } from "@/lib/api/form-fields";
import { endpointFormInput, endpointFormSchema, payloadFormSchema, recoverFormSchema, recoverSince, requireSubscription, sendTestFormSchema, testTransformationFormSchema } from "@/lib/outbound/endpoint-form";
import { getEventType } from "@/lib/outbound/event-types";
import { runTransformation } from "@/lib/payloads";
import {
  createEndpoint,
  deleteEndpoint,
  disableEndpoint,
  enableEndpoint,
  getEndpoint,
  pauseEndpoint,
  resumeEndpoint,
  revealEndpointSecret,
  rotateEndpointSecret,
  updateEndpoint,
} from "@/lib/outbound/endpoints";
import { cancelPendingRetries, recoverFailedDeliveries } from "@/lib/outbound/replay";
import { jsonText } from "@/lib/api/form-fields";
import { templateVarsSchema } from "@/lib/payloads/schemas";
import { sendTestMessage } from "@/lib/outbound/send";

const workspace = z.string().min(1);
const id = idSchema("ep");

/** The application picked in the new endpoint form, or undefined for the default one (made now if missing); an unknown one is the field's error. */
async function pickedApplication(ref: string, ctx: RequestContext, tx: Tx): Promise<string | undefined> {
  if (ref === DEFAULT_APPLICATION.uid) return undefined;
  try {
    return (await resolveApplication({ id: ref }, ctx, tx)).id;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") {
      throw new z.ZodError([{ code: "custom", path: ["application"], message: "No such application in this workspace; pick another", input: undefined }]);
    }
    throw error;
  }
}

export const createEndpointAction = workspaceAction({
  permission: "endpoints:write",
  schema: endpointFormSchema.extend({ workspace, paused: checkbox, application: z.string().trim().min(1, "Pick the application this endpoint is for") }).superRefine(requireSubscription),
  run: async (form, ctx, tx) => {
    const application = await pickedApplication(form.application, ctx, tx);
    const { endpoint } = await createEndpoint({ ...endpointFormInput(form), paused: form.paused, application }, ctx, tx);
    return endpoint.id;
  },
  redirectTo: (endpointId, form) => `/${form.workspace}/endpoints/${endpointId}`,
});

export const updateEndpointAction = workspaceAction({
  permission: "endpoints:write",
  schema: endpointFormSchema.extend({ workspace, id }).superRefine(requireSubscription),
  run: async (form, ctx, tx) => {
    await updateEndpoint({ id: form.id, ...endpointFormInput(form) }, ctx, tx);
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
  schema: sendTestFormSchema,
  run: (input, ctx, tx) => withFieldIssues(() => sendTestMessage(input, ctx, tx)).then((r) => r.message.id),
  message: "Test event queued",
});

export const recoverAction = workspaceAction({
  permission: "messages:write",
  schema: recoverFormSchema.extend({ workspace }).transform(recoverSince),
  run: (input, ctx, tx) => recoverFailedDeliveries(input, ctx, tx),
  redirectTo: (result, input) =>
    `/${input.workspace}/endpoints/${input.endpointId}?${new URLSearchParams({ recoverSince: input.since.toISOString(), recovered: String(result.count) })}#recover`,
});

/** Cancels the scheduled attempts of every delivery to the endpoint (as POST /endpoints/{id}/cancel-retries). */
export const cancelEndpointRetriesAction = workspaceAction({
  permission: "messages:write",
  schema: z.object({ endpointId: id }),
  run: (input, ctx, tx) => cancelPendingRetries(input, ctx, tx),
  message: ({ count }) => (count === 0 ? "No pending retries to cancel" : `Cancelled ${count} pending ${count === 1 ? "retry" : "retries"}`),
});

/**
 * The endpoint page's template picker: the template and version (or the latest) with its vars. Picking a template
 * makes the payload format `template`; picking none goes back to the envelope if the format was the template.
 */
export const setEndpointTemplateAction = workspaceAction({
  permission: "endpoints:write",
  schema: z.object({
    id,
    templateId: z.string().transform((v) => (v === "none" ? null : v)),
    templateVersion: z.string().default("latest").transform((v) => (v === "latest" ? null : Number(v))).pipe(z.number().int().min(1).nullable()),
    templateVars: jsonText(templateVarsSchema, {}),
  }),
  run: async ({ id: endpointId, templateId, templateVersion, templateVars }, ctx, tx) => {
    const before = await getEndpoint({ id: endpointId }, ctx, tx);
    const payloadFormat = templateId ? "template" : before.payloadFormat === "template" ? "envelope" : before.payloadFormat;
    await updateEndpoint({ id: endpointId, templateId, templateVersion: templateId ? templateVersion : null, templateVars, payloadFormat }, ctx, tx);
    return templateId;
  },
  message: (templateId) => (templateId ? "Template saved: deliveries render it" : "Template removed"),
});

/** The endpoint page's Payload section: format, transformation, compression. */
export const setEndpointPayloadAction = workspaceAction({
  permission: "endpoints:write",
  schema: payloadFormSchema,
  run: (input, ctx, tx) => withFieldIssues(() => updateEndpoint(input, ctx, tx)),
  message: "Payload settings saved",
});

/**
 * Test run: the transformation on the event type's sample payload as this endpoint would send it (its URL and custom
 * headers), nothing sent. A failure is the editor's field error with its line; the result is the toast.
 */
export const testTransformationAction = workspaceAction({
  permission: "endpoints:read",
  schema: testTransformationFormSchema,
  run: async ({ id: endpointId, eventType, transformation }, ctx) => {
    const endpoint = await getEndpoint({ id: endpointId }, ctx);
    const type = await getEventType({ idOrName: eventType }, ctx);
    const sample = type.versions.at(-1)?.samplePayload ?? {};
    const ran = await runTransformation(transformation, { eventType: type.name, payload: sample, url: endpoint.url, method: "POST", headers: endpoint.headers });
    if (!ran.ok) throw new z.ZodError([{ code: "custom", path: ["transformation"], message: ran.line ? `Line ${ran.line}: ${ran.message}` : ran.message, input: transformation }]);
    if (ran.webhook.cancel) return "Cancelled: this event would not be delivered (webhook.cancel = true).";
    const { method, url, payload } = ran.webhook;
    return `${method} ${url} ← ${JSON.stringify(payload).slice(0, 400)}`;
  },
  message: (result) => result,
});
