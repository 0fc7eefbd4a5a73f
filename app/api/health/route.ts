// GET /api/health - database connectivity and runtime mode; 503 when the database is down
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.database.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
