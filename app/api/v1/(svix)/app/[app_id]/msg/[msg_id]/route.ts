// GET /api/v1/app/{app_id}/msg/{msg_id} - Svix's message.get
// POST /api/v1/app/{app_id}/msg/{msg_id} - not a call of ours: 404 not_supported (message.bulkExpungeContent, ...)
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import type { NextRequest } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { getSvixMessage, notSupported, SVIX_ROUTE } from "@/lib/compat/svix";

export const GET = apiRoute({ ...SVIX_ROUTE, params: { app_id: "text", msg_id: "text" }, scope: "messages:read" }, async ({ ctx, query }, p) => getSvixMessage(p.app_id, p.msg_id, query, ctx));

// Svix's POST /msg/bulk-expunge and /msg/expunge-all-contents fit this folder, so Next routes them here, not to the
// catch-all, and would answer a bare 405 for a method this file lacks. They answer as the catch-all does, naming the
// call. Not apiRoute, like the catch-all: it only refuses, the same with or without a key.
export function POST(request: NextRequest) {
  return notSupported(request.method, request.nextUrl.pathname);
}
