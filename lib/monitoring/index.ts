/**
 * Monitoring: the structured log, Prometheus metrics, per-minute delivery rollups and the dashboards' queries over
 * them. This index is the domain's public face: other lib/ domains import only from here. The log and metrics come
 * first (they import only platform and net), so the request and delivery paths that report to them can import this
 * index without waiting on the rollups, which read the outbound tables.
 */

export { createLogger, log, REDACT_PATHS, REDACTED, setLogDestination } from "./log";
export { authorizeScrape, metrics, renderMetrics } from "./metrics";
export { type AttemptReport, elapsedMs, observeApiRequest, observeAttempts, observeInboundRequest, observeJob, observeWorker } from "./observe";
export { ERROR_CLASSES, LATENCY_BOUNDS_MS, latencyQuantile, STATUS_CLASSES } from "./rollup-shape";
export { minuteRowsNeededFrom, REOPEN_MINUTES, type RollupRun, rollUpAttempts } from "./rollups";
export { DASHBOARD_RANGES, type Dashboard, type DashboardBucket, type DashboardRange, dashboard, dashboardRangeSchema, dashboardScopeSchema, type EndpointHealthRow, endpointHealthList, rawAttemptAggregate } from "./dashboards";
