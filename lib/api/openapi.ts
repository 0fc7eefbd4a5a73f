import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { pageQuerySchema } from "@/lib/api/pagination";
import * as shared from "@/lib/api/v1-schemas";
import { application, applicationList, createApplicationSchema, listApplicationsSchema, registerPortalOperations, updateApplicationSchema } from "@/lib/applications";
import { auditFiltersSchema } from "@/lib/audit";
import { addEventTypeVersionSchema, cancelRetriesSchema, createEndpointSchema, createEventTypeSchema, listAttemptsSchema, listEndpointsSchema, listMessagesSchema, outboundSchemas, recoverSchema, replayMessageSchema, rotateSecretSchema, sendBroadcastSchema, sendMessageSchema, updateEndpointSchema, updateEventTypeSchema } from "@/lib/outbound";
import { registerSourceOperations } from "@/lib/inbound";
import { registerZapierOperations } from "@/lib/integrations";
import { registerTemplateOperations } from "@/lib/payloads";
import { registerExportOperations } from "@/lib/retention";
import { registerAlertOperations } from "@/lib/alerts";

/** The response shapes, each from the domain that owns it (the inbound ones register with their operations). */
const out = { ...shared, ...outboundSchemas, application, applicationList };

/** The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the routes parse and answer with. */

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const body = (schema: z.ZodType) => ({ body: { content: { "application/json": { schema } } } });
const idParam = (name = "id") => ({ params: z.object({ [name]: z.string() }) });
const noContent = { 204: { description: "Done." } };

const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { description: "Requests allowed per window: the key's limit, or, before a key is known, the limit for the client address.", required: true, schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests left in the window.", required: true, schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the window ends.", required: true, schema: { type: "integer" } },
} as const;

const ERRORS = {
  401: {
    ...json(out.errorResponse, "Missing, malformed, unknown, expired or revoked API key (`missing_api_key`, `malformed_api_key`, `unknown_api_key`, `expired_api_key`, `revoked_api_key`)."),
    headers: { "WWW-Authenticate": { description: 'The scheme to authenticate with: `Bearer realm="switchboard"`, with `error="invalid_token"` when a key was sent.', required: true, schema: { type: "string" } } } as const,
  },
  403: json(out.errorResponse, "The key lacks the scope (`missing_scope`), the caller's IP is not allowed (`ip_not_allowed`), or a key limited to one application tried what only the whole workspace may: broadcast, or create, delete or re-uid an application (`forbidden`)."),
  429: json(out.errorResponse, "Rate limited (`rate_limited`); see Retry-After."),
  503: json(out.errorResponse, "Temporarily unavailable (the database cannot be reached); see Retry-After when given."),
};
const NOT_FOUND = { 404: json(out.errorResponse, "No such resource in the key's workspace, or, for a key limited to one application, not that application's (`not_found`).") };
/** What a key limited to one application gets from an operation on the whole workspace (sources, the audit log). */
const WORKSPACE_LEVEL = { 404: json(out.errorResponse, "No such resource in the key's workspace, or the key is limited to one application and this belongs to the whole workspace (`not_found`).") };
const NO_SUCH_APPLICATION = { 404: json(out.errorResponse, "The `application` named is not in the key's workspace (`not_found`).") };
const INVALID_INPUT = { 422: json(out.errorResponse, "Invalid input (`validation_failed`); `issues` names the paths.") };
const BODY_ERRORS = {
  400: json(out.errorResponse, "The body is not JSON (`invalid_json`)."),
  413: json(out.errorResponse, "The body is larger than the API accepts (`payload_too_large`)."),
  ...INVALID_INPUT,
};
const IDEMPOTENCY_ERRORS = {
  409: json(out.errorResponse, "The Idempotency-Key was used with another request (`idempotency_conflict`) or its first request is still running (`idempotency_in_progress`)."),
};

const idempotencyHeader = z.object({
  "Idempotency-Key": z.string().max(255).optional().openapi({ description: "Replays the first response for 24 hours when repeated with the same body; 409 with another body." }),
});

type Operation = Omit<RouteConfig, "responses"> & { responses: RouteConfig["responses"] };

/**
 * Registers an operation with the answers every operation can give besides its own: authentication, scope, rate
 * limit and database errors; 404 when it names a resource; 422 when it takes input; 400 and 413 when it reads a body;
 * 409 for an Idempotency-Key on POST. Every answer carries the RateLimit headers.
 */
export function registerOperation(registry: OpenAPIRegistry, operation: Operation) {
  const hasBody = operation.method === "post" || operation.method === "put" || operation.method === "patch";
  const responses: Record<string, ResponseConfig> = {
    ...ERRORS,
    ...(operation.path.includes("{") ? NOT_FOUND : {}),
    ...(operation.request?.query ? INVALID_INPUT : {}),
    ...(hasBody ? BODY_ERRORS : {}),
    ...(operation.method === "post" ? IDEMPOTENCY_ERRORS : {}),
    ...(operation.responses as Record<string, ResponseConfig>),
  };
  for (const [status, response] of Object.entries(responses)) {
    responses[status] = { ...response, headers: { ...RATE_LIMIT_HEADERS, ...response.headers } };
  }
  registry.registerPath({
    security: [{ apiKey: [] }],
    ...operation,
    request: operation.method === "post" ? { headers: idempotencyHeader, ...operation.request } : operation.request,
    responses,
  });
}

export function buildOpenApiDocument(serverUrl: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key from the dashboard: `Authorization: Bearer sb_live_…`.",
  });

  registerOperation(registry, {
    method: "get",
    path: "/ping",
    summary: "Check an API key",
    description: "Returns the key's workspace and scopes. Needs no scope.",
    tags: ["Keys"],
    responses: { 200: json(out.pingResponse, "The key works; `key.applicationId` is the application it is limited to, or null for the whole workspace.") },
  });
  registerOperation(registry, {
    method: "get",
    path: "/audit-log",
    summary: "List audit log entries",
    description: "Newest first. Needs `audit:read`.",
    tags: ["Audit"],
    request: { query: pageQuerySchema.extend(auditFiltersSchema.omit({ cursor: true }).shape) },
    responses: { 200: json(out.auditList, "A page of entries."), ...WORKSPACE_LEVEL },
  });
  registerApplications(registry);
  registerOutbound(registry);
  registerSourceOperations((operation) => registerOperation(registry, { ...operation, responses: { ...WORKSPACE_LEVEL, ...operation.responses } }));
  registerPortalOperations((operation) => registerOperation(registry, operation));
  registerZapierOperations((operation) => registerOperation(registry, operation));
  registerTemplateOperations((operation) => registerOperation(registry, operation));
  registerExportOperations((operation, workspaceLevel) => registerOperation(registry, workspaceLevel ? { ...operation, responses: { ...WORKSPACE_LEVEL, ...operation.responses } } : operation));
  registerAlertOperations((operation) => registerOperation(registry, operation));

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Switchboard API",
      version: "1.0.0",
      description: "Send webhooks, manage endpoints and read delivery logs. Lists are cursor-paginated; every POST accepts an Idempotency-Key. Responses carry RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. A key limited to one application sees and changes only that application's endpoints, messages and attempts (its sends go to it); every other application's objects, and what belongs to the whole workspace (sources, the audit log, broadcasts), answer 404; it cannot broadcast (403).",
    },
    servers: [{ url: serverUrl }],
  });
}

/** Applications: the workspace's customers, each with its own endpoints and messages. */
function registerApplications(registry: OpenAPIRegistry) {
  const op = (operation: Operation) => registerOperation(registry, operation);
  const ref = { params: z.object({ id: z.string().openapi({ description: "The application's id (`app_…`) or uid." }) }) };
  op({ method: "get", path: "/applications", summary: "List applications", tags: ["Applications"],
    description: "Newest first. `search` matches a name prefix (case-insensitive) or a uid exactly. Needs `applications:read`.",
    request: { query: listApplicationsSchema }, responses: { 200: json(out.applicationList, "A page of applications.") } });
  op({ method: "post", path: "/applications", summary: "Create an application", tags: ["Applications"],
    description: "An application stands for one of your customers. `uid` (optional) is its id in your own system, unique in the workspace and accepted wherever an application id is. Needs `applications:write`.",
    request: body(createApplicationSchema), responses: { 201: json(out.application, "Created."), 409: json(out.errorResponse, "`conflict`: the uid is taken in this workspace.") } });
  op({ method: "get", path: "/applications/{id}", summary: "Get an application", tags: ["Applications"], request: ref, responses: { 200: json(out.application, "The application.") } });
  op({ method: "patch", path: "/applications/{id}", summary: "Update an application", tags: ["Applications"], description: "`uid: null` removes the uid.",
    request: { ...ref, ...body(updateApplicationSchema.omit({ id: true })) }, responses: { 200: json(out.application, "Updated."), 409: json(out.errorResponse, "`conflict`: the uid is taken in this workspace.") } });
  op({ method: "delete", path: "/applications/{id}", summary: "Delete an application", tags: ["Applications"],
    description: "Deletes the application, its endpoints (with their secrets, deliveries and attempts) and the messages sent to it; deliveries still pending are cancelled. Audited.",
    request: ref, responses: noContent });
}

/** Event types, endpoints and messages. Request bodies are the same zod schemas the core functions parse. */
function registerOutbound(registry: OpenAPIRegistry) {
  const op = (operation: Operation) => registerOperation(registry, operation);
  // The filter grammar nests (and/or), which the generator cannot follow; it is documented in words instead.
  const contentFilter = z.record(z.string(), z.unknown()).nullable().optional().openapi({
    description: 'A filter on payload fields, e.g. {"field":"data.amount","op":"gte","value":100} or {"and":[...]}. Operators: eq, neq, gt, gte, lt, lte, in, nin, exists, regex, and, or.',
  });
  const withFilter = <T extends z.ZodObject>(schema: T) => schema.extend({ contentFilter });
  const idOnly = <T extends z.ZodObject>(schema: T, ...keys: string[]) => schema.omit(Object.fromEntries(keys.map((k) => [k, true])) as never);

  op({ method: "get", path: "/event-types", summary: "List event types", tags: ["Event types"], description: "Needs `event_types:read`.",
    request: { query: pageQuerySchema.extend({ includeArchived: z.enum(["true", "false"]).optional(), featureGroup: z.string().optional() }) },
    responses: { 200: json(out.eventTypeList, "The catalog.") } });
  op({ method: "post", path: "/event-types", summary: "Create an event type", tags: ["Event types"], description: "Needs `event_types:write`.",
    request: body(createEventTypeSchema), responses: { 201: json(out.eventType, "Created."), 409: json(out.errorResponse, "The name exists.") } });
  op({ method: "get", path: "/event-types/{id}", summary: "Get an event type with its versions", tags: ["Event types"], description: "By id or name.",
    request: idParam(), responses: { 200: json(out.eventTypeWithVersions, "The event type.") } });
  op({ method: "patch", path: "/event-types/{id}", summary: "Update an event type", tags: ["Event types"],
    request: { ...idParam(), ...body(idOnly(updateEventTypeSchema, "id")) }, responses: { 200: json(out.eventType, "Updated.") } });
  op({ method: "delete", path: "/event-types/{id}", summary: "Delete an event type", tags: ["Event types"], request: idParam(), responses: noContent });
  op({ method: "post", path: "/event-types/{id}/versions", summary: "Add a version", tags: ["Event types"],
    request: { ...idParam(), ...body(idOnly(addEventTypeVersionSchema, "eventTypeId")) }, responses: { 201: json(out.eventTypeVersion, "The new version.") } });
  op({ method: "post", path: "/event-types/import", summary: "Import from an OpenAPI 3.1 document", tags: ["Event types"],
    description: "Each entry of the document's `webhooks` becomes an event type, or a new version when its schema changed.",
    request: body(z.record(z.string(), z.unknown())), responses: { 201: json(out.importResult, "What was created, versioned or unchanged.") } });

  op({ method: "get", path: "/endpoints", summary: "List endpoints", tags: ["Endpoints"], description: "Needs `endpoints:read`.",
    request: { query: listEndpointsSchema }, responses: { 200: json(out.endpointList, "A page of endpoints."), ...NO_SUCH_APPLICATION } });
  op({ method: "post", path: "/endpoints", summary: "Create an endpoint", tags: ["Endpoints"],
    description: "The URL must be https and resolve to a public address. `application` (id or uid) is the application it belongs to; without it, the workspace's default application (uid `default`, created if missing). The response carries the signing secret once. `secret` brings an existing `whsec_` secret (moving from another provider); `migratedFromSvix: true` makes deliveries also carry `svix-id`, `svix-timestamp` and `svix-signature` with the webhook-* values (docs/svix-migration.md).",
    request: body(withFilter(createEndpointSchema)), responses: { 201: json(out.endpointCreated, "Created."), ...NO_SUCH_APPLICATION, 422: json(out.errorResponse, "Invalid input, or a forbidden URL.") } });
  op({ method: "get", path: "/endpoints/{id}", summary: "Get an endpoint", tags: ["Endpoints"], request: idParam(), responses: { 200: json(out.endpoint, "The endpoint.") } });
  op({ method: "patch", path: "/endpoints/{id}", summary: "Update an endpoint", tags: ["Endpoints"],
    request: { ...idParam(), ...body(withFilter(idOnly(updateEndpointSchema, "id"))) }, responses: { 200: json(out.endpoint, "Updated.") } });
  op({ method: "delete", path: "/endpoints/{id}", summary: "Delete an endpoint", tags: ["Endpoints"], request: idParam(), responses: noContent });
  for (const action of ["pause", "resume", "enable", "disable"]) {
    op({ method: "post", path: `/endpoints/{id}/${action}`, summary: `${action[0].toUpperCase()}${action.slice(1)} an endpoint`, tags: ["Endpoints"],
      request: { ...idParam(), ...body(z.object({ reason: z.string().max(500).optional() })) }, responses: { 200: json(out.endpoint, "The endpoint.") } });
  }
  op({ method: "get", path: "/endpoints/{id}/secret", summary: "Reveal the signing secret", tags: ["Endpoints"], description: "Needs `endpoints:write`; audited.",
    request: idParam(), responses: { 200: json(out.endpointSecrets, "The secrets.") } });
  op({ method: "post", path: "/endpoints/{id}/secret/rotate", summary: "Rotate the signing secret", tags: ["Endpoints"],
    description: "During the overlap (24 h by default, 7 days at most) every delivery carries a signature per secret.",
    request: { ...idParam(), ...body(idOnly(rotateSecretSchema, "id")) }, responses: { 200: json(out.secretRotated, "The new secret.") } });
  op({ method: "get", path: "/endpoints/{id}/health", summary: "Endpoint health", tags: ["Endpoints"],
    request: { ...idParam(), query: z.object({ sinceSeconds: z.string().optional() }) }, responses: { 200: json(out.endpointHealth, "Success rate over the window.") } });
  op({ method: "get", path: "/endpoints/{id}/attempts", summary: "List an endpoint's attempts", tags: ["Endpoints"], description: "Needs `messages:read`.",
    request: { ...idParam(), query: idOnly(listAttemptsSchema, "endpointId", "messageId") }, responses: { 200: json(out.attemptList, "A page of attempts.") } });
  op({ method: "post", path: "/endpoints/{id}/recover", summary: "Recover failed deliveries", tags: ["Endpoints"],
    description: "Resends every failed or exhausted delivery created since `since`. Needs `messages:write`.",
    request: { ...idParam(), ...body(idOnly(recoverSchema, "endpointId")) }, responses: { 202: json(out.count, "How many deliveries were re-armed.") } });
  op({ method: "post", path: "/endpoints/{id}/cancel-retries", summary: "Cancel an endpoint's pending retries", tags: ["Endpoints"],
    description: "Every delivery to the endpoint still waiting for an attempt becomes `cancelled` (an attempt in flight finishes). Needs `messages:write`.",
    request: idParam(), responses: { 200: json(out.count, "How many deliveries were cancelled.") } });

  op({ method: "post", path: "/messages", summary: "Send a message", tags: ["Messages"],
    description: "Validates the payload against the event type's JSON Schema, stores the message and one delivery per matching endpoint in one transaction, and answers 202. `application` (an id or uid, or `{uid, name}` to create the application on first use in the same transaction) sends to that application's matching endpoints only; without it the message goes to the matching endpoints of every application in the workspace, as before applications existed. `eventId` de-duplicates for 24 hours. Needs `messages:write`.",
    request: body(sendMessageSchema), responses: { 202: json(out.messageAccepted, "Stored; delivery follows."), ...NO_SUCH_APPLICATION, 409: json(out.errorResponse, "`duplicate_event`: the eventId was used in the last 24 hours."), 422: json(out.errorResponse, "The payload does not match the schema; `issues` names the paths.") } });
  op({ method: "post", path: "/messages/broadcast", summary: "Broadcast a message to every application", tags: ["Messages"],
    description: "Validates the payload as a send does and answers 202 with the broadcast; one message per application that exists now (with one delivery per matching endpoint) is then written in batches. Poll `GET /messages/broadcast/{id}` for progress. `eventId` de-duplicates broadcasts for 24 hours. Needs `messages:write`; a key limited to one application gets 403 `forbidden` (and 404 for every broadcast).",
    request: body(sendBroadcastSchema), responses: { 202: json(out.broadcast, "Accepted; messages are being written."), 409: json(out.errorResponse, "`duplicate_event`: the eventId was used by a broadcast in the last 24 hours."), 422: json(out.errorResponse, "The payload does not match the schema; `issues` names the paths.") } });
  op({ method: "get", path: "/messages/broadcast/{id}", summary: "Get a broadcast's progress", tags: ["Messages"], request: idParam(), responses: { 200: json(out.broadcast, "The broadcast.") } });
  op({ method: "get", path: "/messages", summary: "List messages", tags: ["Messages"], request: { query: listMessagesSchema }, responses: { 200: json(out.messageList, "A page of messages."), ...NO_SUCH_APPLICATION } });
  op({ method: "get", path: "/messages/{id}", summary: "Get a message with its deliveries", tags: ["Messages"], request: idParam(), responses: { 200: json(out.messageWithDeliveries, "The message.") } });
  op({ method: "get", path: "/messages/{id}/attempts", summary: "List a message's attempts", tags: ["Messages"],
    request: { ...idParam(), query: idOnly(listAttemptsSchema, "endpointId", "messageId") }, responses: { 200: json(out.attemptList, "A page of attempts.") } });
  op({ method: "post", path: "/messages/{id}/replay", summary: "Replay a message", tags: ["Messages"], description: "To one endpoint, or to every endpoint it went to.",
    request: { ...idParam(), ...body(idOnly(replayMessageSchema, "messageId")) }, responses: { 202: json(out.count, "How many deliveries were re-armed.") } });
  op({ method: "post", path: "/messages/{id}/cancel-retries", summary: "Cancel a message's pending retries", tags: ["Messages"],
    description: "Its deliveries still waiting for an attempt (to one endpoint, or all) become `cancelled`; a replay sends them again.",
    request: { ...idParam(), ...body(idOnly(cancelRetriesSchema, "messageId")) }, responses: { 200: json(out.count, "How many deliveries were cancelled.") } });
}
