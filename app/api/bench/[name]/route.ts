// GET|POST /api/bench/<name> - baseline handlers for benchmarks; 404 unless SWITCHBOARD_BENCH=1
// Not apiRoute: the baselines measure what apiRoute costs, so they run without it (and only with SWITCHBOARD_BENCH=1).
import { benchRoutesEnabled, runBenchBaseline } from "@/lib/api/bench-routes";

async function handle(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const response = benchRoutesEnabled() ? await runBenchBaseline((await params).name, await request.text()) : null;
  return response ?? Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
}

export const GET = handle;
export const POST = handle;
