// GET /api/v1/app/{app_id} - Svix's application.get
// PUT /api/v1/app/{app_id} - Svix's application.upsert
// PATCH /api/v1/app/{app_id} - Svix's application.patch
// DELETE /api/v1/app/{app_id} - Svix's application.delete
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { deleteSvixApplication, getSvixApplication, patchSvixApplication, upsertSvixApplication, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text" }, scope: "applications:read" }, async ({ ctx }, p) => getSvixApplication(p.app_id, ctx));
export const PUT = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text" }, scope: "applications:write" }, async ({ ctx, json }, p) => upsertSvixApplication(p.app_id, json(), ctx));
export const PATCH = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text" }, scope: "applications:write" }, async ({ ctx, json }, p) => patchSvixApplication(p.app_id, json(), ctx));
export const DELETE = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text" }, scope: "applications:write" }, async ({ ctx }, p) => deleteSvixApplication(p.app_id, ctx));
