// POST /api/v1/app/{app_id}/endpoint/{endpoint_id}/send-example - Svix's endpoint.sendExample
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { sendSvixExample, SVIX_ROUTE } from "@/lib/compat/svix";

export const POST = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "messages:write" }, async ({ ctx, json }, p) => sendSvixExample(p.app_id, p.endpoint_id, json(), ctx));
