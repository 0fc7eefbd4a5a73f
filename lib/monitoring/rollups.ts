import { sql, type SQL } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { attemptRollups, attemptRollupScopes, attemptRollupsHourly } from "@/db/schema";
import { ERROR_CLASSES, LATENCY_BOUNDS_MS, STATUS_CLASSES } from "@/lib/monitoring/rollup-shape";

/**
 * The per-minute rollup of delivery attempts (attempt_rollups), kept by a scheduled job (lib/platform/jobs.ts,
 * every minute): the dashboards read only it, never raw attempts.
 *
 * Incremental, idempotent and safe to re-run after a crash:
 * - a watermark (rollup_watermarks) says up to which minute the table has counted; each run counts from a little
 *   before it (REOPEN_MINUTES) to the start of the current minute, and moves the watermark in the same transaction
 *   as the rows it wrote. A run that dies leaves the watermark where it was: the next one redoes its minutes.
 * - each minute in the run's window is recomputed whole from attempts and upserted; keys the recomputation no longer
 *   produces (an attempt deleted: a worker_lost placeholder replaced by the late real outcome) are deleted. So running
 *   the same window twice writes the same rows.
 * - why reopen: an attempt's created_at is when its request started, and it is written when its outcome is (up to the
 *   15 s request deadline plus a flush later); a worker_lost attempt is written when a lease lapses (10 s). Three
 *   minutes cover both with room; an attempt written later than that into an older minute is not counted (a worker
 *   fleet down for longer than that, say: its lost attempts are in the attempts log but not in the charts).
 * - one run at a time: the transaction takes an advisory lock; a second worker's run finds it taken and skips.
 * A first run (or one after a long stop) catches up a day per transaction, at most MAX_CHUNKS_PER_RUN days a run.
 *
 * The hourly level (attempt_rollups_hourly, for the 7 d and 30 d ranges) is summed from the minute rows, in the same
 * transaction and under the same watermark: every hour a chunk's minutes touch is recomputed whole from its minutes
 * after they are written, so an hour is always the exact sum of its minutes (the current hour of those counted so far).
 * The scope rows (attempt_rollup_scopes: a workspace's and each application's totals per minute and per hour) are summed
 * the same way from the rows of their period, and each endpoint's days (endpoint_health_daily: attempts and failures,
 * for the health list) from its hours, so they too are always the exact sum of what they cover.
 */

export const REOPEN_MINUTES = 3;
const CHUNK_MINUTES = 24 * 60;
const MAX_CHUNKS_PER_RUN = 31;
const WATERMARK = "attempt_rollups";
// pg_try_advisory_xact_lock's key for the rollup (any constant no other lock uses).
const LOCK_KEY = 7_316_001;

/** A rollup table of any level: the same count columns, keyed by a minute or an hour, per endpoint or per scope. */
export type RollupTable = EndpointRollupTable | typeof attemptRollupScopes;
/** The per-endpoint (and source) levels. */
export type EndpointRollupTable = typeof attemptRollups | typeof attemptRollupsHourly;

/**
 * The sum of rollup rows of table `r` into one row of the same count columns (histograms summed position by
 * position): what an hour is of its minutes, and a dashboard bucket of its rows.
 */
export function summedCounts(r: RollupTable): SQL {
  const positions = (column: SQL, length: number) =>
    sql`array[${sql.join(Array.from({ length }, (_, i) => sql`coalesce(sum(${column}[${i + 1}]), 0)`), sql`, `)}]::int[]`;
  return sql`sum(${r.total})::int as total, sum(${r.succeeded})::int as succeeded, sum(${r.failed})::int as failed,
    ${positions(sql`${r.statusCounts}`, STATUS_CLASSES.length)} as status_counts,
    ${positions(sql`${r.errorCounts}`, ERROR_CLASSES.length)} as error_counts,
    ${positions(sql`${r.latencyCounts}`, LATENCY_BOUNDS_MS.length + 1)} as latency_counts,
    sum(${r.durationSumMs})::bigint as duration_sum_ms, sum(${r.lagCount})::int as lag_count, sum(${r.lagSumMs})::bigint as lag_sum_ms,
    max(${r.lagMaxMs})::int as lag_max_ms`;
}

const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** The aggregate of attempts `a` (joined to endpoints `e` and messages `m`) into one rollup row's columns. */
function rollupColumns(): SQL {
  const statuses = STATUS_CLASSES.map((_, i) => sql`count(*) filter (where a.response_status between ${(i + 1) * 100} and ${(i + 1) * 100 + 99})`);
  const named = ERROR_CLASSES.filter((c) => c !== "other");
  const errors = ERROR_CLASSES.map((c) =>
    c === "other"
      ? sql`count(*) filter (where a.error_class is not null and a.error_class not in (${inList(named)}))`
      : sql`count(*) filter (where a.error_class = ${c})`,
  );
  const latency = [...LATENCY_BOUNDS_MS, Infinity].map((bound, i) => {
    const low = i === 0 ? null : LATENCY_BOUNDS_MS[i - 1];
    const above = low === null ? sql`true` : sql`a.duration_ms > ${low}`;
    return bound === Infinity ? sql`count(*) filter (where ${above})` : sql`count(*) filter (where ${above} and a.duration_ms <= ${bound})`;
  });
  // Lag is measured on first scheduled attempts: from the message's creation to the request leaving.
  const first = sql`a.number = 1 and a.trigger = 'scheduled'`;
  const lag = sql`(extract(epoch from a.created_at - m.created_at) * 1000)`;
  return sql`count(*)::int as total, count(*) filter (where a.succeeded)::int as succeeded, count(*) filter (where not a.succeeded)::int as failed,
    array[${sql.join(statuses, sql`, `)}]::int[] as status_counts,
    array[${sql.join(errors, sql`, `)}]::int[] as error_counts,
    array[${sql.join(latency, sql`, `)}]::int[] as latency_counts,
    coalesce(sum(a.duration_ms), 0)::bigint as duration_sum_ms,
    count(*) filter (where ${first})::int as lag_count,
    coalesce(sum(greatest(${lag}, 0)) filter (where ${first}), 0)::bigint as lag_sum_ms,
    coalesce(max(greatest(${lag}, 0)) filter (where ${first}), 0)::int as lag_max_ms`;
}

// A rollup row's count columns, in the order summedCounts and rollupColumns produce them.
const COUNT_COLUMNS = ["total", "succeeded", "failed", "status_counts", "error_counts", "latency_counts", "duration_sum_ms", "lag_count", "lag_sum_ms", "lag_max_ms"];
const columnList = (names: readonly string[]) => sql.join(names.map((n) => sql.identifier(n)), sql`, `);
const updatedFromExcluded = (names: readonly string[]) => sql.join(names.map((n) => sql`${sql.identifier(n)} = excluded.${sql.identifier(n)}`), sql`, `);

/**
 * Replaces a table's rows in [from, to) with `fresh` (a query of `keys`, `updated`, the period column and the count
 * columns, `counts` or all of them, in that order), in one statement: upserts them and deletes the keys it no longer produces. Both are workspace-first,
 * so they read the table's (workspace, ...) index one range per workspace rather than the whole table. `updated` are
 * key columns that depend on the key (an endpoint's application) and are refreshed. `owned` says which of the table's
 * rows in the window are the window's (by default every workspace's, read workspace-first).
 */
function replaceRows(t: { table: string; constraint: string; keys: string[]; period: string; updated?: string[]; owned?: SQL; counts?: string[] }, fresh: SQL, from: Date, to: Date): SQL {
  const counts = t.counts ?? COUNT_COLUMNS;
  const table = sql.identifier(t.table);
  const period = sql.identifier(t.period);
  const sameKey = sql.join(t.keys.map((k) => sql`f.${sql.identifier(k)} is not distinct from r.${sql.identifier(k)}`), sql` and `);
  return sql`
    with fresh as (${fresh}), written as (
      insert into ${table} (${columnList([...t.keys, ...(t.updated ?? []), t.period, ...counts])})
      select * from fresh
      on conflict on constraint ${sql.identifier(t.constraint)} do update set ${updatedFromExcluded([...(t.updated ?? []), ...counts])}
      returning 1
    ), gone as (
      delete from ${table} r
      where ${t.owned ?? sql`r.workspace_id = any(array(select id from workspaces))`}
        and r.${period} >= ${from.toISOString()}::timestamptz and r.${period} < ${to.toISOString()}::timestamptz
        and not exists (select 1 from fresh f where ${sameKey} and f.${period} = r.${period})
      returning 1
    )
    select (select count(*)::int from written) as written, (select count(*)::int from gone) as deleted`;
}

const endpointLevel = (table: "attempt_rollups" | "attempt_rollups_hourly", period: "minute" | "hour") => ({
  table,
  constraint: `${table}_key`,
  keys: ["workspace_id", "endpoint_id", "source_id"],
  updated: ["application_id"],
  period,
});

/**
 * Recomputes the minutes in [from, to) from attempts and replaces their rows. Attempts are read per workspace through
 * attempts_workspace_created (a range scan each), so no index on created_at alone is needed.
 */
function recompute(from: Date, to: Date): SQL {
  const fresh = sql`
      select a.workspace_id, a.endpoint_id, m.source_id, e.application_id, date_trunc('minute', a.created_at) as minute, ${rollupColumns()}
      from workspaces w
      cross join lateral (
        select * from attempts x where x.workspace_id = w.id and x.created_at >= ${from.toISOString()}::timestamptz and x.created_at < ${to.toISOString()}::timestamptz
      ) a
      join endpoints e on e.id = a.endpoint_id
      join messages m on m.id = a.message_id
      group by a.workspace_id, e.application_id, a.endpoint_id, m.source_id, date_trunc('minute', a.created_at)`;
  return replaceRows(endpointLevel("attempt_rollups", "minute"), fresh, from, to);
}

/**
 * Recomputes the hours in [from, to) (hour-aligned, UTC) from their minute rows and replaces their hourly rows.
 * Minutes are read through attempt_rollups_workspace_minute, one range per workspace.
 */
function recomputeHours(from: Date, to: Date): SQL {
  const m = attemptRollups;
  const fresh = sql`
      select ${m.workspaceId}, ${m.endpointId}, ${m.sourceId}, max(${m.applicationId}) as application_id, date_trunc('hour', ${m.minute}, 'UTC') as hour, ${summedCounts(m)}
      from ${m}
      where ${m.workspaceId} = any(array(select id from workspaces)) and ${m.minute} >= ${from.toISOString()}::timestamptz and ${m.minute} < ${to.toISOString()}::timestamptz
      group by ${m.workspaceId}, ${m.endpointId}, ${m.sourceId}, date_trunc('hour', ${m.minute}, 'UTC')`;
  return replaceRows(endpointLevel("attempt_rollups_hourly", "hour"), fresh, from, to);
}

/**
 * Recomputes the endpoints' days in [from, to) (complete days, UTC) from their hourly rows and replaces their rows of
 * endpoint_health_daily, after the hours are written. Hours are read through attempt_rollups_hourly_workspace_hour.
 */
function recomputeDays(from: Date, to: Date): SQL {
  const h = attemptRollupsHourly;
  const fresh = sql`
      select ${h.workspaceId}, ${h.endpointId}, max(${h.applicationId}) as application_id, date_trunc('day', ${h.hour}, 'UTC') as day,
        sum(${h.total})::int as total, sum(${h.failed})::int as failed
      from ${h}
      where ${h.workspaceId} = any(array(select id from workspaces)) and ${h.hour} >= ${from.toISOString()}::timestamptz and ${h.hour} < ${to.toISOString()}::timestamptz
      group by ${h.workspaceId}, ${h.endpointId}, date_trunc('day', ${h.hour}, 'UTC')`;
  return replaceRows(
    { table: "endpoint_health_daily", constraint: "endpoint_health_daily_key", keys: ["workspace_id", "endpoint_id"], updated: ["application_id"], period: "day", counts: ["total", "failed"] },
    fresh,
    from,
    to,
  );
}

/**
 * Recomputes the scope rows (attempt_rollup_scopes: per workspace, and per application) of one granularity in
 * [from, to) from the endpoint level's rows of the same period, after those are written.
 */
function recomputeScopes(granularity: "minute" | "hour", from: Date, to: Date): SQL {
  const r = granularity === "minute" ? attemptRollups : attemptRollupsHourly;
  const at = granularity === "minute" ? attemptRollups.minute : attemptRollupsHourly.hour;
  const fresh = sql`
      select ${r.workspaceId}, ${r.applicationId}, ${granularity}::text as granularity, ${at} as at, ${summedCounts(r)}
      from ${r}
      where ${r.workspaceId} = any(array(select id from workspaces)) and ${at} >= ${from.toISOString()}::timestamptz and ${at} < ${to.toISOString()}::timestamptz
      group by grouping sets ((${r.workspaceId}, ${r.applicationId}, ${at}), (${r.workspaceId}, ${at}))`;
  return replaceRows(
    { table: "attempt_rollup_scopes", constraint: "attempt_rollup_scopes_key", keys: ["workspace_id", "application_id", "granularity"], period: "at", owned: sql`r.granularity = ${granularity}` },
    fresh,
    from,
    to,
  );
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const floorMinute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

export interface RollupRun {
  /** False when another run held the lock. */
  ran: boolean;
  /** Minute rows written. */
  rowsWritten: number;
  hourlyRowsWritten: number;
  /** Workspace and application rows (attempt_rollup_scopes) written, minutes and hours. */
  scopeRowsWritten: number;
  /** Rows of any level whose key no longer occurs. */
  rowsDeleted: number;
  /** Every minute before this is counted (null: no attempt yet). */
  rolledUntil: Date | null;
}

// Minute rows are kept this long: the dashboards read minutes only for ranges up to 24 hours.
const MINUTE_ROWS_KEPT_MS = 2 * 24 * HOUR;

/**
 * The oldest minute the minute rows (attempt_rollups, and the scopes' minute rows) are still needed from: two days
 * back (the 24-hour range with a day to spare), and never after the hour before the job's watermark, since its next
 * run recomputes the hours its reopened minutes touch from their minute rows (a job that was stopped for days catches
 * up from its watermark). The retention purge deletes minute rows before it; the hourly rows keep their sums.
 */
export async function minuteRowsNeededFrom(now: Date = new Date(), database: Tx = db()): Promise<Date> {
  const [mark] = await database.execute<{ rolled_until: string }>(sql`select rolled_until from rollup_watermarks where name = ${WATERMARK}`);
  const kept = now.getTime() - MINUTE_ROWS_KEPT_MS;
  if (!mark) return new Date(kept);
  const beforeReopened = Math.floor((new Date(mark.rolled_until).getTime() - REOPEN_MINUTES * 60_000) / HOUR) * HOUR - HOUR;
  return new Date(Math.min(kept, beforeReopened));
}

/** One run of the rollup job (see above). `now` is for tests and the benchmark. */
export async function rollUpAttempts(options: { now?: Date } = {}, database: Tx = db()): Promise<RollupRun> {
  const until = floorMinute(options.now ?? new Date());
  const run: RollupRun = { ran: true, rowsWritten: 0, hourlyRowsWritten: 0, scopeRowsWritten: 0, rowsDeleted: 0, rolledUntil: null };
  for (let chunk = 0; chunk < MAX_CHUNKS_PER_RUN; chunk++) {
    const done = await database.transaction(async (tx) => {
      const [{ locked }] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as locked`);
      if (!locked) {
        run.ran = false;
        return true;
      }
      const [mark] = await tx.execute<{ rolled_until: string }>(sql`select rolled_until from rollup_watermarks where name = ${WATERMARK} for update`);
      let from: Date;
      if (mark) {
        // The first chunk of a run reopens the last few minutes; later chunks continue where the previous stopped.
        from = new Date(new Date(mark.rolled_until).getTime() - (chunk === 0 ? REOPEN_MINUTES * 60_000 : 0));
      } else {
        const [first] = await tx.execute<{ at: string | null }>(sql`select min(created_at) as at from attempts`);
        if (!first.at) return true;
        from = floorMinute(new Date(first.at));
      }
      if (from >= until) {
        run.rolledUntil = mark ? new Date(mark.rolled_until) : null;
        return true;
      }
      const to = new Date(Math.min(until.getTime(), from.getTime() + CHUNK_MINUTES * 60_000));
      const [counts] = await tx.execute<{ written: number; deleted: number }>(recompute(from, to));
      run.rowsWritten += counts.written;
      run.rowsDeleted += counts.deleted;
      const hourFrom = new Date(Math.floor(from.getTime() / HOUR) * HOUR);
      const hourTo = new Date(Math.ceil(to.getTime() / HOUR) * HOUR);
      const [hours] = await tx.execute<{ written: number; deleted: number }>(recomputeHours(hourFrom, hourTo));
      run.hourlyRowsWritten += hours.written;
      run.rowsDeleted += hours.deleted;
      for (const scopes of [recomputeScopes("minute", from, to), recomputeScopes("hour", hourFrom, hourTo)]) {
        const [counts] = await tx.execute<{ written: number; deleted: number }>(scopes);
        run.scopeRowsWritten += counts.written;
        run.rowsDeleted += counts.deleted;
      }
      // Days only once complete (the health list reads the partial days at a range's ends from the hours): a run
      // whose window crosses midnight sums the day that ended; most runs sum none.
      const dayFrom = Math.floor(hourFrom.getTime() / DAY) * DAY;
      const dayTo = Math.floor(to.getTime() / DAY) * DAY;
      if (dayFrom < dayTo) {
        const [days] = await tx.execute<{ written: number; deleted: number }>(recomputeDays(new Date(dayFrom), new Date(dayTo)));
        run.rowsDeleted += days.deleted;
      }
      // Never backwards: a run with an older `now` (a test, a clock step) leaves a later watermark alone.
      await tx.execute(sql`insert into rollup_watermarks (name, rolled_until) values (${WATERMARK}, ${to.toISOString()}::timestamptz)
        on conflict (name) do update set rolled_until = greatest(rollup_watermarks.rolled_until, excluded.rolled_until)`);
      run.rolledUntil = to;
      return to >= until;
    });
    if (done) break;
  }
  return run;
}
