import { sql, type SQL } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { minuteRowsNeededFrom } from "@/lib/monitoring";

/**
 * The retention purge (docs/retention.md). Per workspace, with its own windows (workspaces.payload_retention_days N,
 * metadata_retention_days M):
 *   1. past N days: message payloads, attempt response bodies and inbound request bodies are cleared (the rows stay,
 *      marked *_purged_at); a message with an open delivery keeps its payload, which that delivery will send;
 *   2. past M days: messages (with their deliveries and attempts) whose deliveries are all closed, inbound requests
 *      (their tunnel responses cascade), operational events and attempt rollups are deleted; the rollups' minute rows
 *      go after two days already (lib/monitoring's minuteRowsNeededFrom), since only the last day's charts read them.
 * The audit log is kept (it is append-only; no setting shortens it).
 *
 * Every step works in batches of `batchSize` rows, each its own short transaction with lock_timeout and
 * statement_timeout set locally, walking an existing index in key order (keyset), so no lock is held for longer than
 * one batch and the delivery worker's claims, which lock deliveries rather than messages, never wait on the purge.
 * Body purges resume from a cursor (retention_cursors), so a run costs what arrived since the last one.
 * Runs may overlap (two workers): every statement re-checks what it changes, so a second runner only repeats work.
 */

export interface PurgeOptions {
  /** Rows per batch transaction (default 2,000). */
  batchSize?: number;
  /** The purge's idea of now, for tests. */
  now?: Date;
  /** Only this workspace (tests, and the benchmark). */
  workspaceId?: string;
  /** Called after each batch commits: what it did and how long its transaction (and so its locks) lasted. */
  onBatch?: (batch: PurgeBatch) => void;
  /**
   * After each batch, wait this many times as long as it took (default 1: the purge uses the database at most half
   * the time), so the delivery worker sharing the machine keeps its throughput. 0 runs batches back to back.
   */
  yieldRatio?: number;
}

export type PurgeStep =
  | "payloads"
  | "held_payloads"
  | "attempt_bodies"
  | "inbound_bodies"
  | "messages"
  | "inbound_requests"
  | "operational_events"
  | "attempt_rollups"
  | "attempt_rollups_hourly"
  | "attempt_rollup_scopes"
  | "endpoint_health_daily";

export interface PurgeBatch {
  workspaceId: string;
  step: PurgeStep;
  /** Rows changed or deleted (a message deletion counts its deliveries and attempts too). */
  rows: number;
  durationMs: number;
}

export interface PurgeResult {
  workspaces: number;
  payloadsPurged: number;
  attemptBodiesPurged: number;
  inboundBodiesPurged: number;
  messagesDeleted: number;
  deliveriesDeleted: number;
  attemptsDeleted: number;
  inboundRequestsDeleted: number;
  operationalEventsDeleted: number;
  rollupsDeleted: number;
  batches: number;
  /** The longest batch transaction: the longest any row lock of the purge was held. */
  longestBatchMs: number;
  /** Batches given up because a lock stayed taken past lock_timeout; the next run picks their rows up. */
  lockTimeouts: number;
}

const DEFAULT_BATCH_SIZE = 2_000;
const DAY_MS = 86_400_000;
// A batch waits this long for a row another transaction holds (a replay in progress) before giving up for this run.
const LOCK_TIMEOUT = "2s";
// No batch statement should come near this; past it, something is wrong with the plan and the batch is abandoned.
const STATEMENT_TIMEOUT = "30s";

/**
 * A delivery that will still send its message: pending, being sent, or failed with a retry scheduled (held ones on a
 * paused or disabled endpoint included). Written over `d`, a deliveries row.
 */
const OPEN_DELIVERY = sql.raw(`(d.status in ('pending', 'sending') or (d.status = 'failed' and d.next_attempt_at is not null))`);

type Cursor = { createdAt: string; id: string };

/** A text[] of ids, sent as one JSON parameter (drizzle would spread a JS array into one parameter per element). */
const idArray = (ids: string[]) => sql`array(select json_array_elements_text(${JSON.stringify(ids)}::json))`;

class Run {
  readonly result: PurgeResult = {
    workspaces: 0,
    payloadsPurged: 0,
    attemptBodiesPurged: 0,
    inboundBodiesPurged: 0,
    messagesDeleted: 0,
    deliveriesDeleted: 0,
    attemptsDeleted: 0,
    inboundRequestsDeleted: 0,
    operationalEventsDeleted: 0,
    rollupsDeleted: 0,
    batches: 0,
    longestBatchMs: 0,
    lockTimeouts: 0,
  };
  constructor(
    readonly batchSize: number,
    private readonly yieldRatio: number,
    private readonly onBatch?: (batch: PurgeBatch) => void,
  ) {}

  /**
   * One batch in its own transaction; its return value says how many rows it did and whether to go on. A lock held
   * past lock_timeout ends this step for this run (null), leaving its rows to the next.
   */
  async batch<T extends { rows: number }>(workspaceId: string, step: PurgeStep, work: (tx: Tx) => Promise<T>): Promise<T | null> {
    const started = performance.now();
    let out: T;
    try {
      out = await db().transaction(async (tx) => {
        // set_config(..., true) is SET LOCAL: both end with this transaction.
        await tx.execute(sql`select set_config('lock_timeout', ${LOCK_TIMEOUT}, true), set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true)`);
        return work(tx);
      });
    } catch (error) {
      // lock_not_available; drizzle wraps the driver's error as its cause.
      const { code, cause } = error as { code?: string; cause?: { code?: string } };
      if ((code ?? cause?.code) === "55P03") {
        this.result.lockTimeouts++;
        return null;
      }
      throw error;
    }
    const durationMs = performance.now() - started;
    this.result.batches++;
    this.result.longestBatchMs = Math.max(this.result.longestBatchMs, durationMs);
    this.onBatch?.({ workspaceId, step, rows: out.rows, durationMs });
    if (this.yieldRatio > 0) await new Promise((resolve) => setTimeout(resolve, durationMs * this.yieldRatio));
    return out;
  }
}

/** Runs the purge over every workspace (or one); see the module comment. */
export async function purgeExpiredData(options: PurgeOptions = {}): Promise<PurgeResult> {
  const run = new Run(options.batchSize ?? DEFAULT_BATCH_SIZE, options.yieldRatio ?? 1, options.onBatch);
  const now = options.now ?? new Date();
  const rows = await db().execute<{ id: string; payload_days: number; metadata_days: number }>(
    sql`select id, payload_retention_days as payload_days, metadata_retention_days as metadata_days from workspaces
        ${options.workspaceId ? sql`where id = ${options.workspaceId}` : sql``} order by id`,
  );
  const minutesNeededFrom = await minuteRowsNeededFrom(now);
  for (const ws of rows) {
    const payloadCutoff = new Date(now.getTime() - ws.payload_days * DAY_MS);
    const metadataCutoff = new Date(now.getTime() - ws.metadata_days * DAY_MS);
    // Deletions first: rows about to go need no purging.
    await deleteMessages(run, ws.id, metadataCutoff);
    await deleteInboundRequests(run, ws.id, metadataCutoff);
    await deleteByTime(run, ws.id, "operational_events", sql`operational_events`, sql`created_at`, metadataCutoff);
    // Minute rows are only read for the last day (lib/monitoring), so they go after two days whatever M is.
    const minuteCutoff = new Date(Math.max(metadataCutoff.getTime(), minutesNeededFrom.getTime()));
    await deleteByTime(run, ws.id, "attempt_rollups", sql`attempt_rollups`, sql`minute`, minuteCutoff);
    await deleteByTime(run, ws.id, "attempt_rollups_hourly", sql`attempt_rollups_hourly`, sql`hour`, metadataCutoff);
    // Through attempt_rollup_scopes_granularity_at: the rows before a cutoff are only the ones to delete.
    await deleteByTime(run, ws.id, "attempt_rollup_scopes", sql`attempt_rollup_scopes`, sql`at`, minuteCutoff, sql`granularity = 'minute'`);
    await deleteByTime(run, ws.id, "attempt_rollup_scopes", sql`attempt_rollup_scopes`, sql`at`, metadataCutoff, sql`granularity = 'hour'`);
    await deleteByTime(run, ws.id, "endpoint_health_daily", sql`endpoint_health_daily`, sql`day`, metadataCutoff);
    await purgeHeldPayloads(run, ws.id);
    await purgePayloads(run, ws.id, payloadCutoff);
    await purgeAttemptBodies(run, ws.id, payloadCutoff);
    await purgeInboundBodies(run, ws.id, payloadCutoff);
    run.result.workspaces++;
  }
  return run.result;
}

async function readCursor(tx: Tx, workspaceId: string, kind: string): Promise<Record<string, unknown> | null> {
  const [row] = await tx.execute<{ position: Record<string, unknown> }>(sql`select position from retention_cursors where workspace_id = ${workspaceId} and kind = ${kind}`);
  return row?.position ?? null;
}

function writeCursor(workspaceId: string, kind: string, position: Record<string, unknown>): SQL {
  return sql`insert into retention_cursors (workspace_id, kind, position, updated_at) values (${workspaceId}, ${kind}, ${JSON.stringify(position)}::jsonb, now())
    on conflict (workspace_id, kind) do update set position = excluded.position, updated_at = now()`;
}

/**
 * Clears the payloads of these (locked) messages that have no open delivery and are not purged yet; returns their ids.
 * Its snapshot is taken after the lock, so it sees every delivery a replay committed before.
 */
const purgeClosedPayloads = (ids: string[]) => sql`
  update messages m set payload = null, payload_purged_at = now()
  where m.id = any(${idArray(ids)}) and m.payload_purged_at is null
    and not exists (select 1 from deliveries d where d.message_id = m.id and ${OPEN_DELIVERY})
  returning m.id`;

/** After (created_at, id) in ascending order; the first condition gives the index scan its lower bound. */
const after = (cursor: Cursor | null, table: string) =>
  cursor
    ? sql`and ${sql.raw(table)}.created_at >= ${cursor.createdAt}::timestamptz and (${sql.raw(table)}.created_at > ${cursor.createdAt}::timestamptz or ${sql.raw(table)}.id > ${cursor.id})`
    : sql``;

/**
 * Clears the payloads of messages older than the cutoff, from the cursor on, along messages_workspace_created. The
 * batch's messages are locked first (FOR NO KEY UPDATE: a replay's FOR SHARE waits, a new delivery's foreign-key check
 * does not) and their deliveries read by the next statement, which sees every delivery committed before the lock: a
 * message a replay is re-arming is skipped, and a replay that comes after finds the payload gone and refuses.
 * Messages kept for an open delivery go to retention_held_payloads.
 */
async function purgePayloads(run: Run, workspaceId: string, cutoff: Date) {
  for (;;) {
    const done = await run.batch(workspaceId, "payloads", async (tx) => {
      const cursor = (await readCursor(tx, workspaceId, "payloads")) as Cursor | null;
      const batch = await tx.execute<{ id: string; created_at: string }>(sql`
        select m.id, to_json(m.created_at)#>>'{}' as created_at from messages m
        where m.workspace_id = ${workspaceId} and m.created_at < ${cutoff.toISOString()}::timestamptz ${after(cursor, "m")}
        order by m.created_at, m.id limit ${run.batchSize}
        for no key update`);
      if (batch.length === 0) return { rows: 0, more: false };
      const ids = batch.map((r) => r.id);
      const last = batch[batch.length - 1];
      const [counts] = await tx.execute<{ purged: number }>(sql`
        with purged as (${purgeClosedPayloads(ids)}), held as (
          insert into retention_held_payloads (message_id, workspace_id)
          select m.id, m.workspace_id from messages m
          where m.id = any(${idArray(ids)}) and m.payload_purged_at is null and m.id not in (select id from purged)
          on conflict do nothing
        ), moved as (${writeCursor(workspaceId, "payloads", { createdAt: last.created_at, id: last.id })})
        select count(*)::int as purged from purged`);
      run.result.payloadsPurged += counts.purged;
      return { rows: counts.purged, more: batch.length === run.batchSize };
    });
    if (!done?.more) return;
  }
}

/** Retries the messages kept for an open delivery: those whose deliveries have all closed lose their payload now. */
async function purgeHeldPayloads(run: Run, workspaceId: string) {
  let afterId = "";
  for (;;) {
    const done = await run.batch(workspaceId, "held_payloads", async (tx) => {
      const batch = await tx.execute<{ id: string }>(sql`
        select m.id from retention_held_payloads h join messages m on m.id = h.message_id
        where h.workspace_id = ${workspaceId} and h.message_id > ${afterId}
        order by h.message_id limit ${run.batchSize}
        for no key update of m`);
      if (batch.length === 0) return { rows: 0, more: false };
      const ids = batch.map((r) => r.id);
      afterId = ids[ids.length - 1];
      const [counts] = await tx.execute<{ purged: number }>(sql`
        with purged as (${purgeClosedPayloads(ids)}),
        -- Purged now, or already (by an overlapping run): either way no longer held.
        released as (
          delete from retention_held_payloads h using messages m
          where h.message_id = m.id and m.id = any(${idArray(ids)}) and (m.payload_purged_at is not null or m.id in (select id from purged))
        )
        select count(*)::int as purged from purged`);
      run.result.payloadsPurged += counts.purged;
      return { rows: counts.purged, more: batch.length === run.batchSize };
    });
    if (!done?.more) return;
  }
}

/**
 * Clears the response bodies of attempts older than the cutoff, from the cursor on, along attempts_workspace_created.
 * Only rows that have a body are written (the others have nothing to purge), and neither column is indexed, so the
 * update can stay on its page (HOT) without touching the attempts' indexes.
 */
async function purgeAttemptBodies(run: Run, workspaceId: string, cutoff: Date) {
  for (;;) {
    const done = await run.batch(workspaceId, "attempt_bodies", async (tx) => {
      const cursor = (await readCursor(tx, workspaceId, "attempt_bodies")) as Cursor | null;
      const batch = await tx.execute<{ id: string; created_at: string; has_body: boolean }>(sql`
        select a.id, to_json(a.created_at)#>>'{}' as created_at, a.response_body is not null as has_body from attempts a
        where a.workspace_id = ${workspaceId} and a.created_at < ${cutoff.toISOString()}::timestamptz ${after(cursor, "a")}
        order by a.created_at, a.id limit ${run.batchSize}`);
      if (batch.length === 0) return { rows: 0, more: false };
      const ids = batch.filter((r) => r.has_body).map((r) => r.id);
      const last = batch[batch.length - 1];
      const [counts] = await tx.execute<{ purged: number }>(sql`
        with purged as (
          update attempts set response_body = null, bodies_purged_at = now()
          where id = any(${idArray(ids)}) and response_body is not null
          returning id
        ), moved as (${writeCursor(workspaceId, "attempt_bodies", { createdAt: last.created_at, id: last.id })})
        select count(*)::int as purged from purged`);
      run.result.attemptBodiesPurged += counts.purged;
      return { rows: counts.purged, more: batch.length === run.batchSize };
    });
    if (!done?.more) return;
  }
}

/**
 * The workspace's sources. Inbound requests are walked per source along inbound_requests_source_seq: the table has no
 * workspace index (the receiver's insert stays cheap), and a source's sequence follows its arrival order.
 */
async function sourcesOf(workspaceId: string): Promise<string[]> {
  const rows = await db().execute<{ id: string }>(sql`select id from sources where workspace_id = ${workspaceId} order by id`);
  return rows.map((r) => r.id);
}

async function purgeInboundBodies(run: Run, workspaceId: string, cutoff: Date) {
  // The cursors of deleted sources (expired request bins among them) go with them.
  await db().execute(sql`delete from retention_cursors where workspace_id = ${workspaceId} and kind like 'inbound_bodies:%'
    and substr(kind, length('inbound_bodies:') + 1) not in (select id from sources where workspace_id = ${workspaceId})`);
  for (const sourceId of await sourcesOf(workspaceId)) {
    const kind = `inbound_bodies:${sourceId}`;
    for (;;) {
      const done = await run.batch(workspaceId, "inbound_bodies", async (tx) => {
        const cursor = (await readCursor(tx, workspaceId, kind)) as { seq: number } | null;
        const batch = await tx.execute<{ id: string; seq: number; old: boolean; has_body: boolean }>(sql`
          select id, seq::float8 as seq, created_at < ${cutoff.toISOString()}::timestamptz as old, body is not null as has_body
          from inbound_requests where source_id = ${sourceId} and seq > ${cursor?.seq ?? 0}
          order by seq limit ${run.batchSize}`);
        // Sequence order is arrival order: the first request inside the window ends the walk.
        const stop = batch.findIndex((r) => !r.old);
        const old = stop === -1 ? batch : batch.slice(0, stop);
        if (old.length === 0) return { rows: 0, more: false };
        const ids = old.filter((r) => r.has_body).map((r) => r.id);
        const [counts] = await tx.execute<{ purged: number }>(sql`
          with purged as (
            update inbound_requests set body = null, body_purged_at = now()
            where id = any(${idArray(ids)}) and body is not null
            returning id
          ), moved as (${writeCursor(workspaceId, kind, { seq: old[old.length - 1].seq })})
          select count(*)::int as purged from purged`);
        run.result.inboundBodiesPurged += counts.purged;
        return { rows: counts.purged, more: stop === -1 && batch.length === run.batchSize };
      });
      if (!done?.more) break;
    }
  }
}

/**
 * Deletes messages older than the cutoff whose deliveries are all closed, with their deliveries and attempts (deleted
 * explicitly, children first, so the counts are known and the cascades find nothing), oldest first along
 * messages_workspace_created. Messages kept for an open delivery are stepped over by the run's keyset; deleted rows
 * are gone, so the next run starts from the oldest again at no cost.
 */
async function deleteMessages(run: Run, workspaceId: string, cutoff: Date) {
  let cursor: Cursor | null = null;
  for (;;) {
    const done = await run.batch(workspaceId, "messages", async (tx) => {
      const batch = await tx.execute<{ id: string; created_at: string }>(sql`
        select m.id, to_json(m.created_at)#>>'{}' as created_at from messages m
        where m.workspace_id = ${workspaceId} and m.created_at < ${cutoff.toISOString()}::timestamptz ${after(cursor, "m")}
        order by m.created_at, m.id limit ${run.batchSize}
        for update`);
      if (batch.length === 0) return { rows: 0, more: false };
      const last = batch[batch.length - 1];
      cursor = { createdAt: last.created_at, id: last.id };
      const [counts] = await tx.execute<{ messages: number; deliveries: number; attempts: number }>(sql`
        with doomed as (
          select m.id from messages m where m.id = any(${idArray(batch.map((r) => r.id))})
            and not exists (select 1 from deliveries d where d.message_id = m.id and ${OPEN_DELIVERY})
        ), a as (delete from attempts where message_id in (select id from doomed) returning 1),
        d as (delete from deliveries where message_id in (select id from doomed) returning 1),
        m as (delete from messages where id in (select id from doomed) returning 1)
        select (select count(*) from m)::int as messages, (select count(*) from d)::int as deliveries, (select count(*) from a)::int as attempts`);
      run.result.messagesDeleted += counts.messages;
      run.result.deliveriesDeleted += counts.deliveries;
      run.result.attemptsDeleted += counts.attempts;
      return { rows: counts.messages + counts.deliveries + counts.attempts, more: batch.length === run.batchSize };
    });
    if (!done?.more) return;
  }
}

/** Deletes each source's requests older than the cutoff, oldest first by sequence (their tunnel responses cascade). */
async function deleteInboundRequests(run: Run, workspaceId: string, cutoff: Date) {
  for (const sourceId of await sourcesOf(workspaceId)) {
    for (;;) {
      const done = await run.batch(workspaceId, "inbound_requests", async (tx) => {
        const [counts] = await tx.execute<{ deleted: number; full: boolean }>(sql`
          with batch as (
            select id, seq, created_at < ${cutoff.toISOString()}::timestamptz as old from inbound_requests
            where source_id = ${sourceId} order by seq limit ${run.batchSize}
          ), doomed as (
            -- Sequence order is arrival order: everything before the first request inside the window.
            select id from batch where old and seq < coalesce((select min(seq) from batch where not old), 9223372036854775807)
          ), gone as (delete from inbound_requests where id in (select id from doomed) returning 1)
          select (select count(*) from gone)::int as deleted, (select count(*) from doomed) = ${run.batchSize} as full`);
        run.result.inboundRequestsDeleted += counts.deleted;
        return { rows: counts.deleted, more: counts.full };
      });
      if (!done?.more) break;
    }
  }
}

/** Deletes a workspace's rows of a table older than the cutoff, a batch at a time, along its (workspace_id, time) index. */
async function deleteByTime(run: Run, workspaceId: string, step: PurgeStep, table: SQL, column: SQL, cutoff: Date, only?: SQL) {
  for (;;) {
    const done = await run.batch(workspaceId, step, async (tx) => {
      const [counts] = await tx.execute<{ deleted: number }>(sql`
        with gone as (
          delete from ${table} where ctid = any(array(
            select ctid from ${table} where workspace_id = ${workspaceId} and ${column} < ${cutoff.toISOString()}::timestamptz ${only ? sql`and ${only}` : sql``} limit ${run.batchSize}))
          returning 1
        ) select count(*)::int as deleted from gone`);
      if (step === "operational_events") run.result.operationalEventsDeleted += counts.deleted;
      else run.result.rollupsDeleted += counts.deleted;
      return { rows: counts.deleted, more: counts.deleted === run.batchSize };
    });
    if (!done?.more) return;
  }
}
