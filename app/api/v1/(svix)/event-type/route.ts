// GET /api/v1/event-type - Svix's eventType.list
// POST /api/v1/event-type - Svix's eventType.create
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { createSvixEventType, listSvixEventTypes, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, scope: "event_types:read" }, async ({ ctx, query }) => listSvixEventTypes(query, ctx));
export const POST = apiRoute({ ...SVIX_ROUTE, scope: "event_types:write" }, async ({ ctx, json }) => createSvixEventType(json(), ctx));
