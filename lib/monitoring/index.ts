/**
 * Monitoring: the structured log, Prometheus metrics, per-minute delivery rollups and the dashboards' queries over
 * them. This index is the domain's public face: other lib/ domains import only from here. The log and metrics come
 * first (they import only platform and net), so the request and delivery paths that report to them can import this
 * index without waiting on the rollups, which read the outbound tables.
 */

export { createLogger, log, REDACT_PATHS, REDACTED, setLogDestination } from "./log";
export { authorizeScrape, metrics, renderMetrics } from "./metrics";
export { type AttemptReport, elapsedMs, observeApiRequest, observeAttempts, observeInboundRequest, observeJob, observeWorker } from "./observe";
