// POST /api/v1/auth/logout - Svix's authentication.logout
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { svixLogout, SVIX_ROUTE } from "@/lib/compat/svix";

export const POST = apiRoute({ ...SVIX_ROUTE }, async ({ ctx }) => svixLogout(ctx));
