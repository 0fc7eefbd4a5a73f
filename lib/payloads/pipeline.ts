import { promisify } from "node:util";
import zlib from "node:zlib";
import { customHeadersSchema } from "@/lib/outbound";
import { type Envelope, envelopeJson, formatBody, type FormattedBody, JSON_CONTENT_TYPE, type PayloadFormat } from "./formats";
import { renderTemplate } from "./liquid";
import { runTransformation } from "./sandbox";
import { resolveEndpointTemplate } from "./templates";
import { validateOutput } from "./validate";
import { convertDown } from "./versions";

/**
 * What an attempt sends, built from the event and the endpoint's settings, in this order:
 *   1. version conversion: a message newer than the endpoint's pinned version is converted down to it (versions.ts)
 *   2. transformation: the endpoint's handler may change the payload, the event type, the URL, the method and the
 *      custom headers, or cancel the delivery (sandbox.ts)
 *   3. format: the body in the endpoint's payload format, with its content type (formats.ts)
 *   4. compression: gzip, when the endpoint asks for it and the body reaches its threshold
 * The signature is made over the body before compression (`body`), since receivers verify what they read after
 * decoding; `wireBody` is what goes out. A failure is the sender's configuration, not the receiver's fault, so the
 * attempt records it and the delivery is not retried (lib/outbound/attempt.ts).
 */

export const PIPELINE_ERROR_CLASSES = ["transformation_error", "template_error", "schema_mismatch"] as const;
export type PipelineErrorClass = (typeof PIPELINE_ERROR_CLASSES)[number];

export const PAYLOAD_COMPRESSIONS = ["none", "gzip"] as const;
export const DEFAULT_COMPRESSION_THRESHOLD_BYTES = 1024;
/** The methods a transformation may send with. */
const METHODS = new Set(["POST", "PUT", "PATCH"]);

export interface PipelineEvent {
  /** The message id (templates see it as `event.id`). */
  id: string;
  type: string;
  /** Null once the type was deleted (messages keep its name). */
  eventTypeId: string | null;
  version: number;
  createdAt: Date;
  payload: unknown;
}

export interface PipelineEndpoint {
  url: string;
  headers: Record<string, string>;
  payloadFormat: PayloadFormat;
  /** The handler's source when enabled, else null. */
  transformation: string | null;
  versionPin: number | null;
  compression: (typeof PAYLOAD_COMPRESSIONS)[number];
  compressionThresholdBytes: number;
  templateId: string | null;
  templateVersion: number | null;
  templateVars: Record<string, string>;
}

export type PipelineResult =
  | {
      kind: "request";
      url: string;
      method: string;
      /** The body as signed (and hashed for the attempts log). */
      body: string;
      /** What is sent: the body, or its gzip. */
      wireBody: string | Buffer;
      contentType: string;
      /** The endpoint's custom headers, as the transformation left them. */
      headers: Record<string, string>;
      contentEncoding?: "gzip";
    }
  | { kind: "failed"; errorClass: PipelineErrorClass; message: string; line: number | null }
  | { kind: "cancelled"; reason: string };

const gzip = promisify(zlib.gzip);

const failed = (errorClass: PipelineErrorClass, message: string, line: number | null = null) => ({ kind: "failed" as const, errorClass, message, line });

/** The endpoint's template rendered for the (converted, transformed) event, checked for its target. */
async function renderForEndpoint(id: string, envelope: Envelope, endpoint: PipelineEndpoint): Promise<FormattedBody | Extract<PipelineResult, { kind: "failed" }>> {
  let template;
  try {
    template = await resolveEndpointTemplate(endpoint);
  } catch (error) {
    return failed("template_error", (error as Error).message);
  }
  if (!template) return failed("template_error", "The endpoint's payload format is a template, but it has no template: pick one.");
  const rendered = renderTemplate(template.source, { event: { id, type: envelope.type, timestamp: envelope.timestamp, data: envelope.data }, vars: endpoint.templateVars });
  if (!rendered.ok) return failed("template_error", `Template v${template.version}: ${rendered.error.message}`, rendered.error.line);
  const checked = validateOutput(template.target, rendered.output);
  if (!checked.ok) {
    const issue = checked.issues[0];
    return failed("template_error", `Template v${template.version} rendered invalid ${template.target} output: ${issue.path ? `${issue.path}: ` : ""}${issue.message}`);
  }
  return { body: rendered.output, contentType: template.contentType };
}

export async function buildRequest(event: PipelineEvent, endpoint: PipelineEndpoint): Promise<PipelineResult> {
  const timestamp = event.createdAt.toISOString();
  const converting = endpoint.versionPin !== null && event.version > endpoint.versionPin;
  // Most endpoints take the envelope as it is: no step runs, so this costs what rendering the envelope costs.
  if (endpoint.payloadFormat === "envelope" && !endpoint.transformation && !converting && endpoint.compression === "none") {
    const body = envelopeJson({ type: event.type, timestamp, data: event.payload });
    return { kind: "request", url: endpoint.url, method: "POST", body, wireBody: body, contentType: JSON_CONTENT_TYPE, headers: endpoint.headers };
  }

  let webhook = { eventType: event.type, payload: event.payload, url: endpoint.url, method: "POST", headers: endpoint.headers };
  if (converting) {
    const converted = await convertDown({ eventType: event.type, eventTypeId: event.eventTypeId, from: event.version, to: endpoint.versionPin!, payload: event.payload }, webhook);
    if (!converted.ok) return failed(converted.errorClass, converted.message, converted.line);
    webhook = { ...webhook, payload: converted.payload };
  }

  if (endpoint.transformation) {
    const ran = await runTransformation(endpoint.transformation, webhook);
    if (!ran.ok) return failed("transformation_error", ran.message, ran.line);
    if (ran.webhook.cancel) return { kind: "cancelled", reason: "Cancelled by the endpoint's transformation (webhook.cancel = true)." };
    const method = ran.webhook.method.toUpperCase();
    if (!METHODS.has(method)) return failed("transformation_error", `webhook.method must be POST, PUT or PATCH, not ${ran.webhook.method}.`);
    if (!/^https?:\/\//i.test(ran.webhook.url) || !URL.canParse(ran.webhook.url)) return failed("transformation_error", `webhook.url is not an http(s) URL: ${ran.webhook.url}`);
    const headers = customHeadersSchema.safeParse(ran.webhook.headers);
    if (!headers.success) {
      const issue = headers.error.issues[0];
      return failed("transformation_error", `webhook.headers${issue.path.length ? `["${issue.path.join(".")}"]` : ""}: ${issue.message}.`);
    }
    webhook = { eventType: ran.webhook.eventType, payload: ran.webhook.payload, url: ran.webhook.url, method, headers: headers.data };
  }

  const envelope = { type: webhook.eventType, timestamp, data: webhook.payload };
  const formatted = endpoint.payloadFormat === "template" ? await renderForEndpoint(event.id, envelope, endpoint) : formatBody(endpoint.payloadFormat, envelope);
  if ("kind" in formatted) return formatted;
  const { body, contentType } = formatted;

  const request = { kind: "request" as const, url: webhook.url, method: webhook.method, body, contentType, headers: webhook.headers };
  if (endpoint.compression === "gzip" && Buffer.byteLength(body) >= endpoint.compressionThresholdBytes) {
    return { ...request, wireBody: await gzip(body), contentEncoding: "gzip" };
  }
  return { ...request, wireBody: body };
}
