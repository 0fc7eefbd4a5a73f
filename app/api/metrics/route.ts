// GET /api/metrics - Prometheus text exposition (lib/monitoring/metrics.ts, docs/monitoring.md)
// Not apiRoute: Prometheus scrapes it with the operator's METRICS_TOKEN, not a workspace's API key, and it reads no
// workspace's data. Without METRICS_TOKEN the endpoint does not exist (404), so a fresh install exposes nothing.
import { authorizeScrape, renderMetrics } from "@/lib/monitoring";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const refusal = authorizeScrape(request.headers.get("authorization"));
  if (refusal) return refusal;
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
