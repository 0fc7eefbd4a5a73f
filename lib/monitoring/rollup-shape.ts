/**
 * The positions of attempt_rollups' histogram arrays (db/schema/monitoring.ts), shared by the job that writes them and
 * the charts that read them. Client-safe (no imports). Append only: a new class or bound goes at the end, so rows
 * written before it keep their meaning (a missing position reads as 0).
 */

/** status_counts[i]: attempts answered with a status in this class (no answer counts in none). */
export const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;

/** error_counts[i]: failed attempts by error class (lib/net's DeliveryErrorClass, then the worker's, then the rest). */
export const ERROR_CLASSES = ["http_status", "timeout", "connect", "dns", "tls", "network", "ssrf_blocked", "redirect", "invalid_url", "worker_lost", "other"] as const;

/** latency_counts[i]: attempts that took at most LATENCY_BOUNDS_MS[i] ms (and more than the previous bound); the last position is everything slower. */
export const LATENCY_BOUNDS_MS = [25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 15000] as const;

/**
 * The q-quantile (0..1) of a latency histogram in ms, interpolated linearly inside its bucket; null with no samples.
 * Good to within a bucket's width: enough to tell 120 ms from 900 ms, which is what the charts are for.
 */
export function latencyQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    if (seen + counts[i] >= rank) {
      const low = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
      // Past the last bound the top is the request deadline's bound itself.
      const high = LATENCY_BOUNDS_MS[Math.min(i, LATENCY_BOUNDS_MS.length - 1)];
      return Math.round(low + ((high - low) * (rank - seen)) / counts[i]);
    }
    seen += counts[i];
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}
