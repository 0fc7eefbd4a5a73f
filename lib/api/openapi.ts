import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { pageQuerySchema } from "@/lib/api/pagination";
import { auditList, errorResponse, pingResponse } from "@/lib/api/v1-schemas";
import { auditFiltersSchema } from "@/lib/audit-query";

/** The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the routes parse and answer with. */

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });

const ERRORS = {
  401: json(errorResponse, "Missing, malformed, unknown, expired or revoked API key (`missing_api_key`, `malformed_api_key`, `unknown_api_key`, `expired_api_key`, `revoked_api_key`)."),
  403: json(errorResponse, "The key lacks the scope (`missing_scope`) or the caller's IP is not allowed (`ip_not_allowed`)."),
  429: json(errorResponse, "Rate limited (`rate_limited`); see Retry-After."),
};

const idempotencyHeader = z.object({
  "Idempotency-Key": z.string().max(255).optional().openapi({ description: "Replays the first response for 24 hours when repeated with the same body; 409 with another body." }),
});

type Operation = Omit<RouteConfig, "responses"> & { responses: RouteConfig["responses"] };

export function registerOperation(registry: OpenAPIRegistry, operation: Operation) {
  registry.registerPath({
    security: [{ apiKey: [] }],
    ...operation,
    request: operation.method === "post" ? { headers: idempotencyHeader, ...operation.request } : operation.request,
    responses: { ...ERRORS, ...operation.responses },
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
    responses: { 200: json(pingResponse, "The key works.") },
  });
  registerOperation(registry, {
    method: "get",
    path: "/audit-log",
    summary: "List audit log entries",
    description: "Newest first. Needs `audit:read`.",
    tags: ["Audit"],
    request: { query: pageQuerySchema.extend(auditFiltersSchema.omit({ cursor: true }).shape) },
    responses: { 200: json(auditList, "A page of entries.") },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Switchboard API",
      version: "1.0.0",
      description: "Send webhooks, manage endpoints and read delivery logs. Lists are cursor-paginated; every POST accepts an Idempotency-Key. Responses carry RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset.",
    },
    servers: [{ url: serverUrl }],
  });
}
