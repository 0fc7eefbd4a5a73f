import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { errorResponse, pageQuerySchema } from "@/lib/api";
import { createConnectionSchema, updateConnectionSchema } from "@/lib/inbound/connections";
import { connectionList, connectionOut, deletedOut, inboundRequestDetail, inboundRequestList, replayOut, sourceList, sourceOut, sourceSecretOut, tunnelResponseOut } from "@/lib/inbound/schemas";

/** The OpenAPI operations of /api/v1/sources; the response shapes they name are lib/inbound/schemas.ts's. */

type Operation = Omit<RouteConfig, "responses"> & { responses: RouteConfig["responses"] };

const content = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const body = (schema: z.ZodType) => ({ body: { content: { "application/json": { schema } } } });
const params = (...names: string[]) => ({ params: z.object(Object.fromEntries(names.map((n) => [n, z.string()]))) });

// Presets are a discriminated union with per-provider fields; the document lists the fields in words.
const verificationIn = z.record(z.string(), z.unknown()).openapi({
  description:
    "A verification preset: `{ provider, ... }` with provider one of standard_webhooks, stripe, slack (secret, toleranceSeconds); github, shopify, twilio (secret); generic_hmac (secret, algorithm sha1|sha256|sha512, header, encoding hex|base64, prefix, signedContent with {body}, {timestamp}, {id}, timestampHeader, idHeader, toleranceSeconds); basic_auth (username, password); api_key_header (header, value); none. A secret left out is generated, or kept on update.",
});
const sourceIn = z.object({
  name: z.string(),
  description: z.string().optional(),
  verification: verificationIn.optional(),
  ipAllowlist: z.array(z.string()).optional(),
  rateLimitPerMinute: z.number().int().nullable().optional(),
  maxBodyBytes: z.number().int().optional(),
  jsonSchema: z.record(z.string(), z.unknown()).nullable().optional(),
  deduplicate: z.boolean().optional(),
  dedupHeader: z.string().nullable().optional(),
});
const filterIn = z.record(z.string(), z.unknown()).nullable().optional().openapi({
  description: 'A content filter over the request, e.g. {"path":"headers.x-github-event","op":"eq","value":"push"}. Paths start at body, headers, query, method or path. Operators: eq, neq, gt, gte, lt, lte, in, nin, exists, regex, and, or.',
});
const transformIn = z.record(z.string(), z.unknown()).nullable().optional().openapi({
  description: 'A JSON template: {"eventType": "github.{{headers.x-github-event}}", "payload": {"repo": "{{body.repository.full_name}}"}}. Without a payload the body is sent as is.',
});

/** Registers the /sources operations; `op` is lib/api/openapi.ts's registerOperation bound to its registry. */
export function registerSourceOperations(op: (operation: Operation) => void) {
  const tags = ["Sources"];
  op({ method: "get", path: "/sources", summary: "List sources", tags, description: "Needs `sources:read`.",
    request: { query: pageQuerySchema }, responses: { 200: content(sourceList, "A page of sources.") } });
  op({ method: "post", path: "/sources", summary: "Create a source", tags, description: "Answers with the source and its URL. Needs `sources:write`.",
    request: body(sourceIn), responses: { 201: content(sourceOut, "Created."), 409: content(errorResponse, "The name is taken.") } });
  op({ method: "get", path: "/sources/{id}", summary: "Get a source", tags, description: "By id or by name.",
    request: params("id"), responses: { 200: content(sourceOut, "The source.") } });
  op({ method: "patch", path: "/sources/{id}", summary: "Update a source", tags,
    request: { ...params("id"), ...body(sourceIn.partial()) }, responses: { 200: content(sourceOut, "Updated.") } });
  op({ method: "delete", path: "/sources/{id}", summary: "Delete a source with its requests and connections", tags,
    request: params("id"), responses: { 200: content(deletedOut, "Deleted.") } });
  op({ method: "post", path: "/sources/{id}/token", summary: "Regenerate the source URL", tags, description: "The old URL answers 404 from then on.",
    request: params("id"), responses: { 200: content(sourceOut, "The source with its new URL.") } });
  op({ method: "get", path: "/sources/{id}/secret", summary: "Reveal the verification secret", tags, description: "Needs `sources:write`; audited.",
    request: params("id"), responses: { 200: content(sourceSecretOut, "The secret fields of the preset.") } });
  op({ method: "get", path: "/sources/{id}/requests", summary: "List a source's requests", tags, description: "Accepted and rejected, newest first.",
    request: { ...params("id"), query: pageQuerySchema.extend({ verdict: z.enum(["accepted", "rejected"]).optional() }) }, responses: { 200: content(inboundRequestList, "A page of requests.") } });
  op({ method: "get", path: "/sources/{id}/requests/{requestId}", summary: "Get a request", tags, description: "With what each `listen` tunnel's target answered.",
    request: params("id", "requestId"), responses: { 200: content(inboundRequestDetail, "The request.") } });
  op({ method: "post", path: "/sources/{id}/requests/{requestId}/replay", summary: "Replay a request", tags,
    description: "To an endpoint (`endpointId`), as an outbound message signed with its secret; or to any URL (`url`), re-sent as received. The URL passes the SSRF rules.",
    request: { ...params("id", "requestId"), ...body(z.object({ endpointId: z.string().optional(), url: z.string().optional() })) },
    responses: { 200: content(replayOut, "What happened.") } });
  op({ method: "post", path: "/sources/{id}/requests/{requestId}/responses", summary: "Report a tunnel's local response", tags,
    description: "Used by `switchboard listen` to post back what the local target answered, so the inspector shows it. Needs `sources:write`.",
    request: { ...params("id", "requestId"), ...body(z.object({ listener: z.string(), targetUrl: z.string(), status: z.number().int().nullable(), headers: z.record(z.string(), z.string()).optional(), body: z.string().optional(), durationMs: z.number().int(), error: z.string().nullable().optional() })) },
    responses: { 200: content(tunnelResponseOut, "Stored.") } });
  op({ method: "get", path: "/sources/{id}/stream", summary: "Stream a source's requests (server-sent events)", tags,
    description: "`event: request` per request (data: InboundRequest), `event: response` per tunnel answer. Reconnect with `Last-Event-ID` to resume. With `?listener=<name>`, only accepted requests that listener has not answered, resuming after its last answer.",
    request: { ...params("id"), query: z.object({ listener: z.string().optional() }) },
    responses: { 200: { description: "An event stream.", content: { "text/event-stream": { schema: z.string() } } } } });
  op({ method: "get", path: "/sources/{id}/connections", summary: "List a source's connections", tags,
    request: params("id"), responses: { 200: content(connectionList, "The connections.") } });
  op({ method: "post", path: "/sources/{id}/connections", summary: "Connect the source to an endpoint", tags,
    request: { ...params("id"), ...body(createConnectionSchema.omit({ sourceId: true, filter: true, transform: true }).extend({ filter: filterIn, transform: transformIn })) },
    responses: { 201: content(connectionOut, "Created.") } });
  op({ method: "patch", path: "/sources/{id}/connections/{connectionId}", summary: "Update a connection", tags,
    request: { ...params("id", "connectionId"), ...body(updateConnectionSchema.omit({ id: true, filter: true, transform: true }).extend({ filter: filterIn, transform: transformIn })) },
    responses: { 200: content(connectionOut, "Updated.") } });
  op({ method: "delete", path: "/sources/{id}/connections/{connectionId}", summary: "Delete a connection", tags,
    request: params("id", "connectionId"), responses: { 200: content(deletedOut, "Deleted.") } });
}
