import { eq } from "drizzle-orm";
import { db } from "../../db";
import { workspaces } from "../../db/schema";
import { createApiKey } from "../../lib/keys/service";
import { clearKeyCache, verifyApiKey } from "../../lib/keys/verify";
import { createOwnerForBench } from "./fixtures";
import type { BenchEnv } from "./harness";
import { report } from "./harness";
import { fmt, load, percentile } from "./load";

/** API key verification in process (warm cache and cold), then /api/v1/ping against a bare route handler. */
export async function benchKeys(bench: BenchEnv) {
  console.log("\n## API keys");
  const ctx = await createOwnerForBench();
  // The limiter stays in the path (that cost is part of the figure), with a limit the run cannot reach.
  await db().update(workspaces).set({ apiRateLimitPerMinute: 100_000_000 }).where(eq(workspaces.id, ctx.workspaceId));
  const { key } = await createApiKey({ name: "bench", scopes: ["endpoints:read"], ipAllowlist: "" }, ctx);
  const header = `Bearer ${key}`;

  for (const [label, cold] of [["warm cache", false], ["cold (database lookup)", true]] as const) {
    const times: number[] = [];
    for (let i = 0; i < (cold ? 500 : 20_000); i++) {
      if (cold) clearKeyCache();
      const t0 = performance.now();
      await verifyApiKey(header, "127.0.0.1");
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`verifyApiKey, ${label}: p50 ${fmt(percentile(times, 50) * 1000)} µs, p99 ${fmt(percentile(times, 99) * 1000)} µs (${times.length} calls)`);
  }

  const options = { requests: 4000, maxSeconds: 15, concurrency: 16 };
  const ping = () => load(`${bench.appUrl}/api/v1/ping`, { ...options, headers: { authorization: header } });
  const bare = () => load(`${bench.appUrl}/api/bench/bare`, options);
  await bare();
  await ping(); // warm both paths (JIT, caches, connection pools)
  const [b1, p1, b2, p2] = [await bare(), await ping(), await bare(), await ping()];
  const best = (a: typeof b1, b: typeof b1) => (a.rps >= b.rps ? a : b);
  const [b, p] = [best(b1, b2), best(p1, p2)];
  if (p.errors + b.errors > 0) throw new Error(`non-2xx responses: ping ${p.errors}, bare ${b.errors}`);
  console.log(`  ping p50 ${fmt(p.p50)} ms p99 ${fmt(p.p99)} ms; bare p50 ${fmt(b.p50)} ms p99 ${fmt(b.p99)} ms`);
  report("GET /api/v1/ping throughput", p.rps, b.rps, "req/s", 0.8);
}
