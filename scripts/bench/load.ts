import { Pool } from "undici";

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Sends requests to one loopback URL over a keep-alive pool with a fixed concurrency. Bounded twice: at most
 * `requests` requests and at most `maxSeconds`, whichever comes first.
 */
export async function load(
  url: string,
  options: { requests: number; maxSeconds: number; concurrency: number; method?: "GET" | "POST"; headers?: Record<string, string>; body?: () => string; expect?: (status: number) => boolean },
): Promise<LoadResult> {
  const target = new URL(url);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) throw new Error(`benchmarks only target loopback, not ${target.hostname}`);
  const pool = new Pool(target.origin, { connections: options.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const ok = options.expect ?? ((s: number) => s >= 200 && s < 300);

  async function worker() {
    while (sent < options.requests && performance.now() < deadline) {
      sent += 1;
      const t0 = performance.now();
      try {
        const response = await pool.request({ path: target.pathname + target.search, method: options.method ?? "GET", headers: options.headers, body: options.body?.() });
        await response.body.dump();
        if (!ok(response.statusCode)) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
