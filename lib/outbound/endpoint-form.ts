import { z } from "zod";
import { idSchema } from "@/lib/platform/id-types";
import { checkbox, duration, durationList, jsonText, localDateTime, optionalInt, stringList } from "@/lib/api";
import { customHeadersSchema, type OutboundAuthInput } from "@/lib/outbound/endpoints";
import { contentFilterSchema, type ContentFilter } from "@/lib/outbound/filters";

// The endpoint form shared by the dashboard and the consumer portal: both post the same fields (components/outbound/endpoint-fields.tsx).
// Its content-filter field is a source connection's filter too.

const FILTER_SHAPE =
  'Not a valid filter. A condition is {"path": "data.amount", "op": "gte", "value": 1000} with op one of eq, neq, gt, gte, ' +
  'lt, lte, in, nin, exists, regex; combine conditions with {"and": [...]} or {"or": [...]}.';

/**
 * An endpoint's content filter as JSON text; blank is no filter. The filter grammar is a union, whose own error for
 * a malformed node is a bare "Invalid input", so that one is replaced by a description of the shape expected.
 */
export const contentFilterText = jsonText(
  z.unknown().transform((value, ctx) => {
    if (value === null) return null;
    const parsed = contentFilterSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.code === "invalid_union" ? FILTER_SHAPE : issue.message });
    }
    return z.NEVER;
  }),
  null,
) as z.ZodType<ContentFilter | null, unknown>;

/**
 * The endpoint form as the browser sends it. Field names match the core input where they can, so errors from
 * createEndpoint/updateEndpoint (an SSRF-refused URL, say) land beside the right field.
 */
export const endpointFormSchema = z.object({
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
  migratedFromSvix: checkbox,
});

type EndpointForm = z.output<typeof endpointFormSchema>;

// An empty list would be a valid filter that matches nothing, which in a form is always a slip.
export function requireSubscription(form: EndpointForm, ctx: z.RefinementCtx) {
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
export function endpointFormInput(form: EndpointForm) {
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
    migratedFromSvix: form.migratedFromSvix,
  };
}

/** "Send an example": an event type of the catalog and, optionally, a payload other than its sample. */
export const sendTestFormSchema = z.object({
  endpointId: idSchema("ep"),
  eventType: z.string().min(1, "Pick an event type"),
  payload: jsonText(z.unknown(), undefined),
});

/** "Recover since": a local date and time from a datetime-local field, with the browser's offset beside it. */
export const recoverFormSchema = z.object({ endpointId: idSchema("ep"), since: z.string().min(1, "Pick a time"), tzOffset: z.string().default("") });

/** Reads the recover form's time as a past instant; the form's other fields pass through. */
export function recoverSince<F extends z.output<typeof recoverFormSchema>>({ since: text, tzOffset, ...rest }: F, ctx: z.RefinementCtx) {
  const offset = Number.parseInt(tzOffset, 10);
  const since = Number.isNaN(offset) ? new Date(text) : localDateTime(text, offset);
  if (!since || Number.isNaN(since.getTime())) {
    ctx.addIssue({ code: "custom", path: ["since"], message: "Pick a date and time" });
    return z.NEVER;
  }
  if (since.getTime() > Date.now()) {
    ctx.addIssue({ code: "custom", path: ["since"], message: "Pick a time in the past" });
    return z.NEVER;
  }
  return { ...rest, since };
}

/**
 * The endpoint page's Payload section: the format, the transformation (blank is none) and whether it runs, and gzip
 * with its threshold. "template" is picked with the template itself (the Payload template section).
 */
export const payloadFormSchema = z.object({
  id: idSchema("ep"),
  payloadFormat: z.enum(["envelope", "raw", "form", "xml", "template"]),
  transformation: z.string().transform((source) => (source.trim() ? source : null)),
  transformationEnabled: checkbox,
  compression: checkbox.transform((on) => (on ? ("gzip" as const) : ("none" as const))),
  compressionThresholdBytes: z.coerce.number("Enter a number of bytes").int("Use whole bytes").min(0, "At least 0 bytes").max(10 * 1024 * 1024, "At most 10 MiB"),
});

/** "Test run": the transformation against an event type's sample payload, without sending anything. */
export const testTransformationFormSchema = z.object({
  id: idSchema("ep"),
  eventType: z.string().min(1, "Pick an event type"),
  transformation: z.string().trim().min(1, "Write a transformation first"),
});
