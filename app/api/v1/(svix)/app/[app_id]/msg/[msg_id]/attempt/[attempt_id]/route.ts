// GET /api/v1/app/{app_id}/msg/{msg_id}/attempt/{attempt_id} - Svix's messageAttempt.get
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { getSvixAttempt, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", msg_id: "text", attempt_id: "text" }, scope: "messages:read" }, async ({ ctx }, p) => getSvixAttempt(p.app_id, p.msg_id, p.attempt_id, ctx));
