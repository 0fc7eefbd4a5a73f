// GET /api/v1/app/{app_id}/msg - Svix's message.list
// POST /api/v1/app/{app_id}/msg - Svix's message.create
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { createSvixMessage, listSvixMessages, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text" }, scope: "messages:read" }, async ({ ctx, query }, p) => listSvixMessages(p.app_id, query, ctx));
export const POST = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text" }, scope: "messages:write" }, async ({ ctx, json, query }, p) => createSvixMessage(p.app_id, json(), query, ctx));
