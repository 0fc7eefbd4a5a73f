import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { createSource } from "../../lib/inbound/sources";
import { createOwnerForBench } from "./fixtures";
import type { BenchEnv } from "./harness";
import { report } from "./harness";
import { fmt, load, type LoadResult } from "./load";

/**
 * Inbound ingest (DESIGN §9): POST /in/<token> on a GitHub-preset source (HMAC-SHA256 over the raw body, one INSERT of
 * the raw request, 200), against a bare Next route handler doing one INSERT of the same body, measured in the same run.
 * A bare node:http server with one INSERT shows how much of the cost is the framework's.
 */

const SECRET = "bench github secret";

function payload(): string {
  // About the size of a small GitHub push event.
  const commits = Array.from({ length: 3 }, (_, i) => ({ id: `c0ffee${i}`.padEnd(40, "0"), message: `Commit ${i} of the benchmark`, author: { name: "Bench", email: "bench@example.test" } }));
  return JSON.stringify({ ref: "refs/heads/main", repository: { id: 1, full_name: "acme/api", private: true }, pusher: { name: "bench" }, commits });
}

/** The bare baseline: node:http and one INSERT through postgres.js, with the app's pool size. */
async function startBareServer(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        await sql`insert into bench_rows (body) values (${Buffer.concat(chunks).toString("utf8")})`;
        res.writeHead(202, { "content-type": "application/json" }).end('{"ok":true}');
      } catch {
        res.writeHead(503).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sql.end();
    },
  };
}

export async function benchInbound(bench: BenchEnv) {
  console.log("\n## Inbound ingest");
  const ctx = await createOwnerForBench();
  // The limiter stays in the path (its cost is part of the figure), with a limit the run cannot reach.
  const source = await createSource({ name: "bench github", verification: { provider: "github", secret: SECRET }, rateLimitPerMinute: 1_000_000 }, ctx);
  const path = new URL(source.url).pathname;
  const body = payload();
  const headers = {
    "content-type": "application/json",
    "x-github-event": "push",
    "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
  };
  const bare = await startBareServer(bench.databaseUrl);

  const options = { requests: 4000, maxSeconds: 15, concurrency: 16, method: "POST" as const, headers, body: () => body };
  const ingest = () => load(`${bench.appUrl}${path}`, options);
  const nextInsert = () => load(`${bench.appUrl}/api/bench/insert`, options);
  const nodeInsert = () => load(bare.url, options);
  try {
    // Warm every path (JIT, caches, connection pools), then alternate, keeping each one's better run.
    for (const warm of [ingest, nextInsert, nodeInsert]) await warm();
    const runs: Record<"ingest" | "next" | "node", LoadResult[]> = { ingest: [], next: [], node: [] };
    for (let round = 0; round < 2; round++) {
      runs.next.push(await nextInsert());
      runs.ingest.push(await ingest());
      runs.node.push(await nodeInsert());
    }
    const best = (list: LoadResult[]) => list.reduce((a, b) => (a.rps >= b.rps ? a : b));
    const [i, n, b] = [best(runs.ingest), best(runs.next), best(runs.node)];
    const errors = [...runs.ingest, ...runs.next, ...runs.node].reduce((sum, r) => sum + r.errors, 0);
    if (errors > 0) throw new Error(`non-2xx responses during the inbound benchmark: ${errors}`);
    console.log(`  ingest p50 ${fmt(i.p50)} ms p99 ${fmt(i.p99)} ms; Next insert p50 ${fmt(n.p50)} ms p99 ${fmt(n.p99)} ms; node:http insert p50 ${fmt(b.p50)} ms p99 ${fmt(b.p99)} ms`);
    report("POST /in/<token> (verify HMAC, persist, 200) vs bare Next route with one INSERT", i.rps, n.rps, "req/s", 0.8);
    report("  the same vs bare node:http with one INSERT", i.rps, b.rps, "req/s");
    report("  bare Next route vs bare node:http (the framework's share)", n.rps, b.rps, "req/s");
    console.log(`  p99 ratio (ingest / Next insert): ${fmt(i.p99 / n.p99, 2)}`);
  } finally {
    await bare.close();
  }
}
