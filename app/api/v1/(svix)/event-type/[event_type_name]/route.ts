// GET /api/v1/event-type/{event_type_name} - Svix's eventType.get
// PUT /api/v1/event-type/{event_type_name} - Svix's eventType.upsert
// PATCH /api/v1/event-type/{event_type_name} - Svix's eventType.patch
// DELETE /api/v1/event-type/{event_type_name} - Svix's eventType.delete
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { deleteSvixEventType, getSvixEventType, updateSvixEventType, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { event_type_name: "text" }, scope: "event_types:read" }, async ({ ctx }, p) => getSvixEventType(p.event_type_name, ctx));
export const PUT = apiRoute({ ...SVIX_ROUTE, params: { event_type_name: "text" }, scope: "event_types:write" }, async ({ ctx, json }, p) => updateSvixEventType(p.event_type_name, json(), ctx, true));
export const PATCH = apiRoute({ ...SVIX_ROUTE, params: { event_type_name: "text" }, scope: "event_types:write" }, async ({ ctx, json }, p) => updateSvixEventType(p.event_type_name, json(), ctx, false));
export const DELETE = apiRoute({ ...SVIX_ROUTE, params: { event_type_name: "text" }, scope: "event_types:write" }, async ({ ctx, query }, p) => deleteSvixEventType(p.event_type_name, query, ctx));
