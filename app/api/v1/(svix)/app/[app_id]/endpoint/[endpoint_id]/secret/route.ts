// GET /api/v1/app/{app_id}/endpoint/{endpoint_id}/secret - Svix's endpoint.getSecret
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { getSvixEndpointSecret, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "endpoints:write" }, async ({ ctx }, p) => getSvixEndpointSecret(p.app_id, p.endpoint_id, ctx));
