// GET /api/v1/openapi.json - the OpenAPI 3.1 document of the public API
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/platform/env";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(buildOpenApiDocument(`${env().APP_URL}/api/v1`), { headers: { "cache-control": "public, max-age=300" } });
}
