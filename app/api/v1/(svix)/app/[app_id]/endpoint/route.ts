// GET /api/v1/app/{app_id}/endpoint - Svix's endpoint.list
// POST /api/v1/app/{app_id}/endpoint - Svix's endpoint.create
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { createSvixEndpoint, listSvixEndpoints, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text" }, scope: "endpoints:read" }, async ({ ctx, query }, p) => listSvixEndpoints(p.app_id, query, ctx));
export const POST = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text" }, scope: "endpoints:write" }, async ({ ctx, json }, p) => createSvixEndpoint(p.app_id, json(), ctx));
