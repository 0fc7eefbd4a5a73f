// GET /api/v1/app/{app_id}/endpoint/{endpoint_id}/msg - Svix's messageAttempt.listAttemptedMessages
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { listSvixAttemptedMessages, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", endpoint_id: "text" }, scope: "messages:read" }, async ({ ctx, query }, p) => listSvixAttemptedMessages(p.app_id, p.endpoint_id, query, ctx));
