// GET /api/v1/openapi.json - the OpenAPI 3.1 document of the public API
// Not apiRoute: the document is public (clients and the API reference fetch it without a key) and names no workspace.
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/platform/env";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(buildOpenApiDocument(`${env().APP_URL}/api/v1`), { headers: { "cache-control": "public, max-age=300" } });
}
