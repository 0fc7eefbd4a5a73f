// GET /api/v1/app/{app_id}/endpoint/{endpoint_id} - Svix's endpoint.get
// PUT /api/v1/app/{app_id}/endpoint/{endpoint_id} - Svix's endpoint.upsert
// PATCH /api/v1/app/{app_id}/endpoint/{endpoint_id} - Svix's endpoint.patch
// DELETE /api/v1/app/{app_id}/endpoint/{endpoint_id} - Svix's endpoint.delete
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { deleteSvixEndpoint, getSvixEndpoint, updateSvixEndpoint, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "endpoints:read" }, async ({ ctx }, p) => getSvixEndpoint(p.app_id, p.endpoint_id, ctx));
export const PUT = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "endpoints:write" }, async ({ ctx, json }, p) => updateSvixEndpoint(p.app_id, p.endpoint_id, json(), ctx, true));
export const PATCH = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "endpoints:write" }, async ({ ctx, json }, p) => updateSvixEndpoint(p.app_id, p.endpoint_id, json(), ctx, false));
export const DELETE = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "endpoints:write" }, async ({ ctx }, p) => deleteSvixEndpoint(p.app_id, p.endpoint_id, ctx));
