// GET /api/v1/app/{app_id}/msg/{msg_id}/endpoint - Svix's messageAttempt.listAttemptedDestinations
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { listSvixAttemptedDestinations, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", msg_id: "text" }, scope: "messages:read" }, async ({ ctx, query }, p) => listSvixAttemptedDestinations(p.app_id, p.msg_id, query, ctx));
