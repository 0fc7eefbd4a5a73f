// POST /api/v1/app/{app_id}/msg/{msg_id}/endpoint/{endpoint_id}/resend - Svix's messageAttempt.resend
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { resendSvixMessage, SVIX_ROUTE } from "@/lib/compat/svix";

export const POST = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", msg_id: "text", endpoint_id: "text" }, scope: "messages:write" }, async ({ ctx }, p) => resendSvixMessage(p.app_id, p.msg_id, p.endpoint_id, ctx));
