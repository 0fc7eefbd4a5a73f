// POST /api/v1/event-type/import/openapi - Svix's eventType.importOpenapi
// The Svix-compatible API (docs/svix-migration.md): thin apiRoute calls over lib/compat/svix.
import { apiRoute } from "@/lib/api/handler";
import { importSvixOpenApi, SVIX_ROUTE } from "@/lib/compat/svix";

export const POST = apiRoute({ ...SVIX_ROUTE, scope: "event_types:write" }, async ({ ctx, json }) => importSvixOpenApi(json(), ctx));
