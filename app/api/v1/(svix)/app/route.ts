// GET /api/v1/app - Svix's application.list
// POST /api/v1/app - Svix's application.create, application.getOrCreate
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { createSvixApplication, listSvixApplications, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, scope: "applications:read" }, async ({ ctx, query }) => listSvixApplications(query, ctx));
export const POST = apiRoute({ ...SVIX_ROUTE, scope: "applications:write" }, async ({ ctx, json, query }) => createSvixApplication(json(), query, ctx));
