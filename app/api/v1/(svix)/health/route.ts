// GET /api/v1/health - Svix's health.get: 204 while the database (and Redis, when configured) answer, else 503
// Not apiRoute: Svix's health check takes no token, like our /api/health (lib/platform/health.ts).
import { checkHealth } from "@/lib/platform/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  if (health.status === "ok") return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  return Response.json({ code: "unavailable", detail: "The service is unavailable." }, { status: 503, headers: { "cache-control": "no-store" } });
}
