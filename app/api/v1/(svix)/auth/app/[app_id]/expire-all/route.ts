// POST /api/v1/auth/app/{app_id}/expire-all - Svix's authentication.expireAll
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { svixExpireAll, SVIX_ROUTE } from "@/lib/compat/svix";

export const POST = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text" }, scope: "applications:write" }, async ({ ctx }, p) => svixExpireAll(p.app_id, ctx));
