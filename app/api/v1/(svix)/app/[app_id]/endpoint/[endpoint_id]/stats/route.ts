// GET /api/v1/app/{app_id}/endpoint/{endpoint_id}/stats - Svix's endpoint.getStats
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { svixEndpointStats, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "messages:read" }, async ({ ctx, query }, p) => svixEndpointStats(p.app_id, p.endpoint_id, query, ctx));
