import { z } from "zod";

/**
 * What a connection makes of an accepted inbound request: the event type and payload of the outbound message.
 *
 * A transformation is a JSON template, not code, so it needs no sandbox and cannot loop or reach anything:
 *   {
 *     "eventType": "github.{{headers.x-github-event}}",
 *     "payload": { "repo": "{{body.repository.full_name}}", "action": "{{body.action}}", "original": "{{body}}" }
 *   }
 * A string that is exactly one `{{path}}` takes the value at that path as it is (object, number, null when missing);
 * `{{path}}` inside a longer string is interpolated as text. Paths are dotted, as in content filters, and start at
 * one of `body`, `headers` (lower-case names), `query`, `method` and `path`. Without a payload template the payload
 * is the body; without an eventType template the type comes from the provider (see defaultEventType).
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const jsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

export const MAX_TEMPLATE_REFERENCES = 50;
const MAX_TEMPLATE_BYTES = 20_000;
/** Interpolating a large body into many strings could build huge messages; the result is capped instead. */
export const MAX_TRANSFORM_OUTPUT_BYTES = 4 * 1024 * 1024;

const REFERENCE = /\{\{\s*([^{}]+?)\s*\}\}/g;
const WHOLE_REFERENCE = /^\{\{\s*([^{}]+?)\s*\}\}$/;
const ROOTS = new Set(["body", "headers", "query", "method", "path"]);

function references(value: Json, found: string[] = []): string[] {
  if (typeof value === "string") for (const match of value.matchAll(REFERENCE)) found.push(match[1]);
  else if (Array.isArray(value)) value.forEach((item) => references(item, found));
  else if (value && typeof value === "object") Object.values(value).forEach((item) => references(item, found));
  return found;
}

export const transformSchema = z
  .strictObject({
    eventType: z.string().trim().min(1).max(200).optional(),
    payload: jsonValue.optional(),
  })
  .superRefine((transform, ctx) => {
    if (JSON.stringify(transform).length > MAX_TEMPLATE_BYTES) {
      ctx.addIssue({ code: "custom", message: `Keep a transformation under ${MAX_TEMPLATE_BYTES / 1000} KB.` });
    }
    const refs = references(transform as Json);
    if (refs.length > MAX_TEMPLATE_REFERENCES) {
      ctx.addIssue({ code: "custom", message: `Use at most ${MAX_TEMPLATE_REFERENCES} {{…}} references.` });
    }
    for (const ref of refs) {
      if (!ROOTS.has(ref.split(".")[0])) {
        ctx.addIssue({ code: "custom", message: `{{${ref}}} must start with body, headers, query, method or path.` });
      }
    }
  });

export type Transform = z.infer<typeof transformSchema>;

/** The request as filters and transformations see it. */
export interface RequestContext {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, form fields as an object, or the text itself. */
  body: unknown;
}

/** Reads a body the way its content type says, falling back to JSON when it looks like JSON, else text. */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString("utf8");
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  const trimmed = text.trimStart();
  if (type.includes("json") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export function requestContext(request: { method: string; path: string; query: string; headers: [string, string][]; body: Buffer }): RequestContext {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name.toLowerCase()] = headers[name.toLowerCase()] ? `${headers[name.toLowerCase()]}, ${value}` : value;
  return {
    method: request.method,
    path: request.path,
    query: Object.fromEntries(new URLSearchParams(request.query)),
    headers,
    body: parseBody(request.body, headers["content-type"]),
  };
}

/**
 * The value at a dotted path, as content filters read it: a numeric segment indexes an array, and only own properties
 * count, so "__proto__" or "constructor" find nothing. Undefined when missing.
 */
export function lookup(context: unknown, path: string): unknown {
  let current: unknown = context;
  for (const segment of path.split(".")) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment) || Number(segment) >= current.length) return undefined;
      current = current[Number(segment)];
    } else if (current !== null && typeof current === "object" && Object.prototype.hasOwnProperty.call(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

function render(template: Json, context: RequestContext): unknown {
  if (typeof template === "string") {
    const whole = WHOLE_REFERENCE.exec(template);
    if (whole) return lookup(context, whole[1]) ?? null;
    return template.replace(REFERENCE, (_, path: string) => {
      const value = lookup(context, path);
      if (value === undefined || value === null) return "";
      return typeof value === "string" ? value : JSON.stringify(value);
    });
  }
  if (Array.isArray(template)) return template.map((item) => render(item, context));
  if (template && typeof template === "object") {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, render(value, context)]));
  }
  return template;
}

const EVENT_TYPE_CHARS = /[^a-zA-Z0-9_.-]+/g;

/** Event type names are dotted words (`invoice.paid`); anything else a provider sends is folded into that form. */
export function normaliseEventType(value: string): string {
  const cleaned = value.replace(/\//g, ".").replace(EVENT_TYPE_CHARS, "_").replace(/\.{2,}/g, ".").replace(/^[._]+|[._]+$/g, "");
  return cleaned.slice(0, 128) || "inbound.request";
}

const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);

/** The event type a provider's request stands for, read from where that provider puts it. */
export function defaultEventType(provider: string, context: RequestContext): string {
  const body = (context.body && typeof context.body === "object" ? context.body : {}) as Record<string, unknown>;
  const event = (body.event && typeof body.event === "object" ? body.event : {}) as Record<string, unknown>;
  const found = (() => {
    switch (provider) {
      case "github":
        return text(context.headers["x-github-event"]) && `github.${context.headers["x-github-event"]}`;
      case "shopify":
        return text(context.headers["x-shopify-topic"]) && `shopify.${context.headers["x-shopify-topic"]}`;
      case "slack":
        return `slack.${text(event.type) ?? text(body.type) ?? text(body.command) ?? "request"}`;
      case "twilio":
        return "twilio.webhook";
      case "stripe":
      case "standard_webhooks":
        return text(body.type);
      default:
        return text(body.type) ?? text(body.event_type) ?? text(body.event);
    }
  })();
  return normaliseEventType(found || "inbound.request");
}

export type TransformResult = { ok: true; eventType: string; payload: unknown } | { ok: false; error: string };

/** Applies a connection's transformation (or none) to a request. Never throws for a bad input; it says why instead. */
export function applyTransform(transform: Transform | null, provider: string, context: RequestContext): TransformResult {
  const eventType = transform?.eventType
    ? normaliseEventType(String(render(transform.eventType, context) ?? ""))
    : defaultEventType(provider, context);
  const payload = transform?.payload === undefined ? context.body : render(transform.payload, context);
  const size = Buffer.byteLength(JSON.stringify(payload ?? null));
  if (size > MAX_TRANSFORM_OUTPUT_BYTES) {
    return { ok: false, error: `the transformed payload is ${size} bytes, above the ${MAX_TRANSFORM_OUTPUT_BYTES}-byte limit` };
  }
  return { ok: true, eventType, payload: payload ?? null };
}
