import { sql } from "drizzle-orm";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { db } from "@/db";
import { inDueIndex } from "@/db/schema";
import { env, safeEqual } from "@/lib/platform";

/**
 * Prometheus metrics for operators (GET /api/metrics, docs/monitoring.md).
 *
 * Two kinds of figures:
 * - counters and histograms of what this process did (attempts it made, inbound and API requests it answered, job
 *   runs). In self-hosted mode the app server and each `npm run worker` are separate processes with their own
 *   counters: scrape each (Prometheus sums them with `sum by`); in embedded mode one process does everything.
 * - gauges of the delivery queue (due deliveries, the oldest one's lag, held and in-flight deliveries), read from the
 *   database on each scrape, so every process reports the same whole-system figure (`max` them, never `sum`).
 *
 * The registry lives on globalThis: Next may load this module more than once in one process (the instrumentation hook
 * that starts the embedded worker and the route handlers are bundled apart), and both must count into one registry.
 */

const LATENCY_BUCKETS_SECONDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "switchboard_" });
  const attempts = new Counter({
    name: "switchboard_delivery_attempts_total",
    help: "Delivery attempts this process made, by outcome (what the delivery became) and error class (none on success).",
    labelNames: ["outcome", "error_class"] as const,
    registers: [registry],
  });
  const attemptDuration = new Histogram({
    name: "switchboard_delivery_attempt_duration_seconds",
    help: "How long each delivery attempt's request took, by whether it succeeded.",
    labelNames: ["succeeded"] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  const inbound = new Counter({
    name: "switchboard_inbound_requests_total",
    help: "Requests to /in/<token> this process answered, by outcome (accepted, duplicate, rejected, failed) and reason.",
    labelNames: ["outcome", "reason"] as const,
    registers: [registry],
  });
  const inboundDuration = new Histogram({
    name: "switchboard_inbound_request_duration_seconds",
    help: "How long answering each inbound request took.",
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  const api = new Counter({
    name: "switchboard_api_requests_total",
    help: "Public API requests this process answered, by method and status class (2xx, 4xx, 5xx).",
    labelNames: ["method", "status_class"] as const,
    registers: [registry],
  });
  const jobs = new Counter({
    name: "switchboard_scheduled_job_runs_total",
    help: "Scheduled job runs in this process, by job and outcome.",
    labelNames: ["job", "outcome"] as const,
    registers: [registry],
  });
  const workerInFlight = new Gauge({
    name: "switchboard_worker_attempts_in_flight",
    help: "Delivery attempts this process's worker has in flight now (0 in a process without a worker).",
    registers: [registry],
  });
  const workerClaimed = new Counter({
    name: "switchboard_worker_claimed_total",
    help: "Deliveries this process's worker claimed.",
    registers: [registry],
  });
  // The queue, read once per scrape by the first of these gauges and shared by the others.
  let reading: Promise<QueueFigures> | undefined;
  // The four collects start in the same tick, before the read settles.
  const queue = () => (reading ??= readQueue().finally(() => (reading = undefined)));
  const queueGauge = (name: string, help: string, pick: (q: QueueFigures) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(pick(await queue()));
      },
    });
  queueGauge("switchboard_deliveries_due", "Deliveries due now and not yet claimed (the queue depth), across the system.", (q) => q.due);
  queueGauge("switchboard_delivery_lag_seconds", "How long the oldest due delivery has been waiting past its due time (0 when none is due).", (q) => q.lagSeconds);
  queueGauge("switchboard_deliveries_in_flight", "Deliveries claimed by a worker under a live lease, across the system.", (q) => q.inFlight);
  queueGauge("switchboard_deliveries_held", "Deliveries waiting on a paused or disabled endpoint.", (q) => q.held);
  return { registry, attempts, attemptDuration, inbound, inboundDuration, api, jobs, workerInFlight, workerClaimed };
}

interface QueueFigures {
  due: number;
  lagSeconds: number;
  inFlight: number;
  held: number;
}

/**
 * The queue's figures in one statement. Due and lag read the deliveries_due index (a claimed delivery's
 * next_attempt_at is its lease's end, so it is not counted as due); held reads deliveries_held.
 */
async function readQueue(): Promise<QueueFigures> {
  const [row] = await db().execute<{ due: number; lag: number | null; in_flight: number; held: number }>(sql`
    select
      (select count(*)::int from deliveries where ${inDueIndex("deliveries")} and next_attempt_at <= now()) as due,
      (select extract(epoch from now() - min(next_attempt_at))::float8 from deliveries where ${inDueIndex("deliveries")} and next_attempt_at <= now()) as lag,
      (select count(*)::int from deliveries where status = 'sending' and next_attempt_at is not null and not held and lease_until > now()) as in_flight,
      (select count(*)::int from deliveries where held) as held`);
  return { due: row.due, lagSeconds: Math.max(0, row.lag ?? 0), inFlight: row.in_flight, held: row.held };
}

const KEY = Symbol.for("switchboard.metrics");
type GlobalWithMetrics = typeof globalThis & { [KEY]?: ReturnType<typeof build> };

/** This process's metrics. */
export function metrics() {
  const global = globalThis as GlobalWithMetrics;
  global[KEY] ??= build();
  return global[KEY];
}

/** The Prometheus text exposition of every metric, and its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/**
 * Whether a scrape may read the metrics: null when its bearer token is METRICS_TOKEN, else the answer. Unset, the
 * endpoint is 404 (it does not exist); a missing or wrong token is 401 with the Bearer challenge.
 */
export function authorizeScrape(authorization: string | null): Response | null {
  const token = env().METRICS_TOKEN;
  const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });
  if (!token) return error(404, "not_found", "Metrics are off: set METRICS_TOKEN to serve them.");
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!sent || !safeEqual(sent, token)) return error(401, "invalid_token", "Send the METRICS_TOKEN as a bearer token.", { "www-authenticate": 'Bearer realm="switchboard-metrics"' });
  return null;
}
