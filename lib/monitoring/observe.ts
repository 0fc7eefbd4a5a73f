import { log } from "@/lib/monitoring/log";
import { metrics, statusClass } from "@/lib/monitoring/metrics";

/**
 * What the request paths, the delivery path and the job runner report: each call writes the one log line (lib/monitoring/log.ts) and
 * counts into this process's metrics (lib/monitoring/metrics.ts), so the two never disagree on what happened.
 */

/** What a line may say about its subject; absent fields are left out. */
export interface LogSubject {
  requestId?: string;
  workspaceId?: string;
  applicationId?: string | null;
  endpointId?: string;
  sourceId?: string;
  messageId?: string;
  deliveryId?: string;
}

/** Milliseconds since `started` (a performance.now() reading), whole. */
export const elapsedMs = (started: number) => Math.round(performance.now() - started);

/** One public API request: `outcome` is its status class ("ok", "client_error", "server_error"). */
export function observeApiRequest(fields: LogSubject & { method: string; path: string; status: number; durationMs: number; keyId?: string; errorCode?: string; headers?: Headers }) {
  const { headers, ...rest } = fields;
  const outcome = fields.status >= 500 ? "server_error" : fields.status >= 400 ? "client_error" : "ok";
  // Headers only on refusals, where they explain the answer (a wrong key, a missing header); a success needs none.
  log()[fields.status >= 500 ? "error" : "info"]({ kind: "api_request", ...rest, outcome, ...(fields.status >= 400 && headers ? { headers } : {}) }, "api request");
  metrics().api.inc({ method: fields.method, status_class: statusClass(fields.status) });
}

/** One inbound request: accepted, duplicate, rejected (with its reason) or failed (not stored). */
export function observeInboundRequest(fields: LogSubject & { status: number; outcome: "accepted" | "duplicate" | "rejected" | "failed" | "unknown_source"; reason?: string; durationMs: number; messageIds?: string[]; headers?: Iterable<readonly [string, string]> }) {
  log()[fields.status >= 500 ? "error" : "info"]({ kind: "inbound_request", ...fields }, "inbound request");
  const m = metrics();
  m.inbound.inc({ outcome: fields.outcome, reason: fields.reason ?? "" });
  m.inboundDuration.observe(fields.durationMs / 1000);
}

export interface AttemptReport {
  workspaceId: string;
  applicationId: string | null;
  endpointId: string;
  messageId: string;
  deliveryId: string;
  attempt: number;
  /** What the delivery became: succeeded, failed (to be retried, or aborted), exhausted, or lease_lost. */
  outcome: string;
  status: number | null;
  errorClass: string | null;
  durationMs: number;
  nextAttemptAt: Date | null;
}

/** Delivery attempts once their outcomes are stored. */
export function observeAttempts(reports: AttemptReport[]) {
  const m = metrics();
  for (const report of reports) {
    log()[report.outcome === "succeeded" ? "info" : "warn"]({ kind: "delivery_attempt", ...report }, "delivery attempt");
    m.attempts.inc({ outcome: report.outcome, error_class: report.errorClass ?? "" });
    m.attemptDuration.observe({ succeeded: String(report.outcome === "succeeded") }, report.durationMs / 1000);
  }
}

/** One scheduled job run. */
export function observeJob(fields: { job: string; outcome: "ok" | "failed"; durationMs: number; result?: unknown; reason?: string }) {
  log()[fields.outcome === "ok" ? "info" : "error"]({ kind: "scheduled_job", ...fields }, "scheduled job");
  metrics().jobs.inc({ job: fields.job, outcome: fields.outcome });
}

/** The worker's figures: deliveries it claimed, and how many attempts it has in flight. */
export function observeWorker(figures: { claimed?: number; inFlight: number }) {
  const m = metrics();
  if (figures.claimed) m.workerClaimed.inc(figures.claimed);
  m.workerInFlight.set(figures.inFlight);
}
