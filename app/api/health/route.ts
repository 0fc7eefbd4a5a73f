// GET /api/health - the database (and Redis, when configured) and the runtime mode; 503 naming what is down
// Not apiRoute: load balancers and uptime checks call it without credentials, and it reads no workspace's data.
import { checkHealth } from "@/lib/platform/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
