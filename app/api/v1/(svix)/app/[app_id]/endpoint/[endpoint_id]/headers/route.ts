// GET /api/v1/app/{app_id}/endpoint/{endpoint_id}/headers - Svix's endpoint.getHeaders
// PUT /api/v1/app/{app_id}/endpoint/{endpoint_id}/headers - Svix's endpoint.setHeaders
// PATCH /api/v1/app/{app_id}/endpoint/{endpoint_id}/headers - Svix's endpoint.patchHeaders
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { getSvixEndpointHeaders, setSvixEndpointHeaders, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "endpoints:read" }, async ({ ctx }, p) => getSvixEndpointHeaders(p.app_id, p.endpoint_id, ctx));
export const PUT = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "endpoints:write" }, async ({ ctx, json }, p) => setSvixEndpointHeaders(p.app_id, p.endpoint_id, json(), ctx, false));
export const PATCH = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "endpoints:write" }, async ({ ctx, json }, p) => setSvixEndpointHeaders(p.app_id, p.endpoint_id, json(), ctx, true));
