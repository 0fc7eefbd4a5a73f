// POST /api/v1/event-types/import - import event types from an OpenAPI 3.1 document's webhooks section
import { apiRoute, ok } from "@/lib/api/handler";
import { importResult } from "@/lib/outbound/schemas";
import { importOpenApi } from "@/lib/outbound/openapi-import";

export const POST = apiRoute({ scope: "event_types:write" }, async ({ ctx, json }) =>
  ok(importResult.parse(await importOpenApi({ document: json() as Record<string, unknown> }, ctx)), 201),
);
