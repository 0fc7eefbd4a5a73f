// GET /api/v1/app/{app_id}/msg/{msg_id} - Svix's message.get
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { getSvixMessage, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", msg_id: "text" }, scope: "messages:read" }, async ({ ctx, query }, p) => getSvixMessage(p.app_id, p.msg_id, query, ctx));
