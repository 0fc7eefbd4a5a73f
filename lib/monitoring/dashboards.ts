import { and, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { attemptRollups, attemptRollupScopes, attemptRollupsHourly, attempts, endpointHealthDaily, endpoints, messages } from "@/db/schema";
import type { RequestContext } from "@/lib/api";
import { inActorApplication, throughActorEndpoint } from "@/lib/applications";
import { ERROR_CLASSES, LATENCY_BOUNDS_MS, latencyQuantile, STATUS_CLASSES } from "@/lib/monitoring/rollup-shape";
import { type EndpointRollupTable, summedCounts } from "@/lib/monitoring/rollups";
import { type Id, idSchema } from "@/lib/platform/id-types";

/**
 * The monitoring dashboards' queries: volume, success rate, p50/p95 latency, errors by class and status, and delivery
 * lag over a range, for a workspace, an application, an endpoint or a source. They read the rollups only, never raw
 * attempts: the minute rows for the 1 h and 24 h ranges, the hourly ones (whose buckets those ranges' 1 h and 6 h
 * buckets are made of) for 7 d and 30 d. `rawAttemptAggregate` is the same figure over attempts, for the tests that
 * check the rollups and the benchmark's ratio.
 */

const DAY_MS = 86_400_000;

export const DASHBOARD_RANGES = {
  "1h": { minutes: 60, bucketMinutes: 1 },
  "24h": { minutes: 24 * 60, bucketMinutes: 15 },
  "7d": { minutes: 7 * 24 * 60, bucketMinutes: 60 },
  "30d": { minutes: 30 * 24 * 60, bucketMinutes: 6 * 60 },
} as const;
export type DashboardRange = keyof typeof DASHBOARD_RANGES;
export const dashboardRangeSchema = z.enum(Object.keys(DASHBOARD_RANGES) as [DashboardRange, ...DashboardRange[]]).default("24h");

export const dashboardScopeSchema = z.object({
  range: dashboardRangeSchema,
  applicationId: idSchema("app").optional(),
  endpointId: idSchema("ep").optional(),
  sourceId: idSchema("src").optional(),
});

export interface DashboardBucket {
  start: Date;
  total: number;
  succeeded: number;
  failed: number;
  /** Succeeded / total, 0..1; null without attempts. */
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  /** Average and worst first-attempt lag, ms; null without first attempts. */
  lagAvgMs: number | null;
  lagMaxMs: number | null;
  statusCounts: Record<(typeof STATUS_CLASSES)[number], number>;
  errorCounts: Record<(typeof ERROR_CLASSES)[number], number>;
}

export interface Dashboard {
  range: DashboardRange;
  bucketMinutes: number;
  since: Date;
  until: Date;
  buckets: DashboardBucket[];
  /** The whole range as one bucket. */
  totals: DashboardBucket;
}

type Sums = { total: number; succeeded: number; failed: number; status: number[]; errors: number[]; latency: number[]; lagCount: number; lagSum: number; lagMax: number };
const emptySums = (): Sums => ({ total: 0, succeeded: 0, failed: 0, status: STATUS_CLASSES.map(() => 0), errors: ERROR_CLASSES.map(() => 0), latency: [...LATENCY_BOUNDS_MS, 0].map(() => 0), lagCount: 0, lagSum: 0, lagMax: 0 });

function add(into: Sums, row: Sums) {
  into.total += row.total;
  into.succeeded += row.succeeded;
  into.failed += row.failed;
  row.status.forEach((n, i) => (into.status[i] += n));
  row.errors.forEach((n, i) => (into.errors[i] += n));
  row.latency.forEach((n, i) => (into.latency[i] += n));
  into.lagCount += row.lagCount;
  into.lagSum += row.lagSum;
  into.lagMax = Math.max(into.lagMax, row.lagMax);
}

function toBucket(start: Date, s: Sums): DashboardBucket {
  return {
    start,
    total: s.total,
    succeeded: s.succeeded,
    failed: s.failed,
    successRate: s.total ? s.succeeded / s.total : null,
    p50Ms: latencyQuantile(s.latency, 0.5),
    p95Ms: latencyQuantile(s.latency, 0.95),
    lagAvgMs: s.lagCount ? Math.round(s.lagSum / s.lagCount) : null,
    lagMaxMs: s.lagCount ? s.lagMax : null,
    statusCounts: Object.fromEntries(STATUS_CLASSES.map((c, i) => [c, s.status[i] ?? 0])) as DashboardBucket["statusCounts"],
    errorCounts: Object.fromEntries(ERROR_CLASSES.map((c, i) => [c, s.errors[i] ?? 0])) as DashboardBucket["errorCounts"],
  };
}

/** The range ending at the start of the current minute (the rollup's newest complete minute), aligned to buckets. */
function window(range: DashboardRange, now: Date) {
  const { minutes, bucketMinutes } = DASHBOARD_RANGES[range];
  const step = bucketMinutes * 60_000;
  const until = new Date(Math.ceil(Math.floor(now.getTime() / 60_000) * 60_000 / step) * step);
  return { minutes, bucketMinutes, since: new Date(until.getTime() - minutes * 60_000), until };
}

/** The rollup level a range reads, and its time column: hours once the buckets are an hour or more. */
function level(range: DashboardRange): { r: EndpointRollupTable; at: typeof attemptRollups.minute | typeof attemptRollupsHourly.hour } {
  return DASHBOARD_RANGES[range].bucketMinutes >= 60 ? { r: attemptRollupsHourly, at: attemptRollupsHourly.hour } : { r: attemptRollups, at: attemptRollups.minute };
}

const inWindow = (at: SQL | AnyPgColumn, since: Date, until: Date) => sql`${at} >= ${since.toISOString()}::timestamptz and ${at} < ${until.toISOString()}::timestamptz`;

type BucketRow = { b: number; total: number; succeeded: number; failed: number; status_counts: number[]; error_counts: number[]; latency_counts: number[]; lag_count: number; lag_sum_ms: number; lag_max_ms: number };
const rowSums = (r: BucketRow): Sums => ({ total: r.total, succeeded: r.succeeded, failed: r.failed, status: r.status_counts, errors: r.error_counts, latency: r.latency_counts, lagCount: r.lag_count, lagSum: Number(r.lag_sum_ms), lagMax: r.lag_max_ms });

/**
 * One scope's dashboard over a range. A workspace or an application reads its own rows of attempt_rollup_scopes (the
 * range's granularity, through its key); an endpoint the level's key (workspace, endpoint, ...); a source
 * attempt_rollups_source_minute (…_hourly_source_hour). A context limited to one application (the portal) sees only
 * that application's rows.
 */
export async function dashboard(input: z.input<typeof dashboardScopeSchema>, ctx: RequestContext, tx: Tx = db(), now = new Date()): Promise<Dashboard> {
  const { range, applicationId, endpointId, sourceId } = dashboardScopeSchema.parse(input);
  const { bucketMinutes, since, until, minutes } = window(range, now);
  const bucket = (at: AnyPgColumn) => sql`floor(extract(epoch from ${at} - ${since.toISOString()}::timestamptz) / ${bucketMinutes * 60})::int`;
  let rows: BucketRow[];
  if (endpointId || sourceId) {
    const { r, at } = level(range);
    rows = await tx.execute<BucketRow>(sql`
      select ${bucket(at)} as b, ${summedCounts(r)}
      from ${r}
      where ${and(
        eq(r.workspaceId, ctx.workspaceId),
        inActorApplication(ctx, r.applicationId),
        applicationId ? eq(r.applicationId, applicationId) : undefined,
        endpointId ? eq(r.endpointId, endpointId) : undefined,
        sourceId ? eq(r.sourceId, sourceId) : undefined,
        inWindow(at, since, until),
      )}
      group by 1`);
  } else {
    const s = attemptRollupScopes;
    // The scope is the application asked for, else the actor's own (a portal session), else the whole workspace;
    // a limited actor asking for another application gets nothing, as it would through the endpoint level.
    const scope = applicationId ?? ctx.applicationId ?? null;
    rows = await tx.execute<BucketRow>(sql`
      select ${bucket(s.at)} as b, ${summedCounts(s)}
      from ${s}
      where ${and(
        eq(s.workspaceId, ctx.workspaceId),
        scope ? eq(s.applicationId, scope) : isNull(s.applicationId),
        inActorApplication(ctx, s.applicationId),
        eq(s.granularity, DASHBOARD_RANGES[range].bucketMinutes >= 60 ? "hour" : "minute"),
        inWindow(s.at, since, until),
      )}
      group by 1`);
  }
  const count = minutes / bucketMinutes;
  const byBucket = new Map(rows.map((row) => [row.b, rowSums(row)]));
  const totals = emptySums();
  const buckets = Array.from({ length: count }, (_, i) => {
    const sums = byBucket.get(i) ?? emptySums();
    add(totals, sums);
    return toBucket(new Date(since.getTime() + i * bucketMinutes * 60_000), sums);
  });
  return { range, bucketMinutes, since, until, buckets, totals: toBucket(since, totals) };
}

/**
 * The same totals as a dashboard's, counted from raw attempts: what the rollups must match (the tests), and the
 * baseline the benchmark measures the rollup-backed query against. Scoped like `dashboard`.
 */
export async function rawAttemptAggregate(input: { since: Date; until: Date; applicationId?: Id<"app">; endpointId?: Id<"ep">; sourceId?: Id<"src"> }, ctx: RequestContext, tx: Tx = db()) {
  const a = attempts;
  const [row] = await tx
    .select({
      total: sql<number>`count(*)::int`,
      succeeded: sql<number>`count(*) filter (where ${a.succeeded})::int`,
      failed: sql<number>`count(*) filter (where not ${a.succeeded})::int`,
      status5xx: sql<number>`count(*) filter (where ${a.responseStatus} between 500 and 599)::int`,
      durationP50: sql<number | null>`percentile_cont(0.5) within group (order by ${a.durationMs})`,
      durationP95: sql<number | null>`percentile_cont(0.95) within group (order by ${a.durationMs})`,
    })
    .from(a)
    .innerJoin(endpoints, eq(endpoints.id, a.endpointId))
    .innerJoin(messages, eq(messages.id, a.messageId))
    .where(
      and(
        eq(a.workspaceId, ctx.workspaceId),
        throughActorEndpoint(ctx, a.endpointId),
        input.applicationId ? eq(endpoints.applicationId, input.applicationId) : undefined,
        input.endpointId ? eq(a.endpointId, input.endpointId) : undefined,
        input.sourceId ? eq(messages.sourceId, input.sourceId) : undefined,
        gte(a.createdAt, input.since),
        lt(a.createdAt, input.until),
      ),
    );
  return row;
}

export interface EndpointHealthRow {
  endpointId: string;
  url: string;
  applicationId: string;
  status: "enabled" | "disabled" | "paused";
  total: number;
  failed: number;
  failureRate: number;
  /** When the endpoint will be disabled if every delivery keeps failing; null when its failure clock is not running. */
  disablesAt: Date | null;
  disabledAt: Date | null;
}

/**
 * Endpoints ranked by failure rate over the range (worst first; ties by failures), with their auto-disable countdown:
 * an enabled endpoint whose failure clock runs (first_failure_at) is disabled at first_failure_at +
 * auto_disable_after_seconds unless a delivery succeeds first (lib/outbound/attempt.ts trackFailures). The 1 h and
 * 24 h ranges sum the workspace's minutes (attempt_rollups_workspace_minute); 7 d and 30 d sum endpoint_health_daily
 * for the range's whole days (endpoint_health_daily_workspace_day) and the hours at its two ends
 * (attempt_rollups_hourly_workspace_hour). The sums per endpoint come first, then the endpoints by primary key.
 */
export async function endpointHealthList(input: { range?: DashboardRange; applicationId?: Id<"app">; limit?: number }, ctx: RequestContext, tx: Tx = db(), now = new Date()): Promise<EndpointHealthRow[]> {
  const range = dashboardRangeSchema.parse(input.range);
  const { since, until } = window(range, now);
  const scoped = (t: { workspaceId: AnyPgColumn; applicationId: AnyPgColumn }) =>
    and(eq(t.workspaceId, ctx.workspaceId), inActorApplication(ctx, t.applicationId), input.applicationId ? eq(t.applicationId, input.applicationId) : undefined);
  const counted = (r: EndpointRollupTable | typeof endpointHealthDaily, at: AnyPgColumn, from: Date, to: Date) =>
    sql`select ${r.endpointId} as endpoint_id, ${r.total} as total, ${r.failed} as failed from ${r} where ${scoped(r)} and ${inWindow(at, from, to)}`;
  let parts: SQL;
  if (DASHBOARD_RANGES[range].bucketMinutes < 60) {
    parts = counted(attemptRollups, attemptRollups.minute, since, until);
  } else {
    const h = attemptRollupsHourly;
    // Whole days from the daily rows, never today's (a day's row is written once it has ended).
    const firstDay = new Date(Math.ceil(since.getTime() / DAY_MS) * DAY_MS);
    const lastDay = new Date(Math.min(Math.floor(until.getTime() / DAY_MS), Math.floor(now.getTime() / DAY_MS)) * DAY_MS);
    parts =
      firstDay < lastDay
        ? sql`${counted(h, h.hour, since, firstDay)} union all ${counted(endpointHealthDaily, endpointHealthDaily.day, firstDay, lastDay)} union all ${counted(h, h.hour, lastDay, until)}`
        : counted(h, h.hour, since, until);
  }
  const rows = await tx.execute<{
    endpoint_id: string; total: number; failed: number; url: string; application_id: string; status: EndpointHealthRow["status"];
    first_failure_at: string | Date | null; auto_disable_after_seconds: number; disabled_at: string | Date | null;
  }>(sql`
    select s.endpoint_id, s.total, s.failed, e.url, e.application_id, e.status, e.first_failure_at, e.auto_disable_after_seconds, e.disabled_at
    from (select endpoint_id, sum(total)::int as total, sum(failed)::int as failed from (${parts}) p group by endpoint_id) s
    join ${endpoints} e on e.id = s.endpoint_id
    order by s.failed::float / nullif(s.total, 0) desc nulls last, s.failed desc, s.endpoint_id
    limit ${input.limit ?? 50}`);
  return rows.map((row) => {
    const firstFailureAt = row.first_failure_at === null ? null : new Date(row.first_failure_at);
    return {
      endpointId: row.endpoint_id,
      url: row.url,
      applicationId: row.application_id,
      status: row.status,
      total: row.total,
      failed: row.failed,
      failureRate: row.total ? row.failed / row.total : 0,
      disablesAt: row.status === "enabled" && firstFailureAt ? new Date(firstFailureAt.getTime() + row.auto_disable_after_seconds * 1000) : null,
      disabledAt: row.disabled_at === null ? null : new Date(row.disabled_at),
    };
  });
}
