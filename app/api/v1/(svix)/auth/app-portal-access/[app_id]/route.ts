// POST /api/v1/auth/app-portal-access/{app_id} - Svix's authentication.appPortalAccess
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { svixAppPortalAccess, SVIX_ROUTE } from "@/lib/compat/svix";

export const POST = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text" }, scope: "applications:write" }, async ({ ctx, json }, p) => svixAppPortalAccess(p.app_id, json(), ctx));
