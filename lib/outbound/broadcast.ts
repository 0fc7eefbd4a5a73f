import { randomUUID } from "node:crypto";
import { and, eq, getTableColumns, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { applications, broadcasts } from "@/db/schema";
import { AppError, newestFirst, notFound, type RequestContext } from "@/lib/api";
import { BROADCAST_CHANNEL, dispatchBroadcast, dispatchCommitted, type DueDelivery } from "@/lib/outbound/driver";
import { latestVersionOf, resolveEventTypeVersion } from "@/lib/outbound/event-types";
import type { BroadcastView } from "@/lib/outbound/schemas";
import { routableEndpointsOf, type EndpointRouting } from "@/lib/outbound/fan-out";
import { assertValidPayload, endpointReceives, firstAttemptAt, sendBroadcastSchema } from "@/lib/outbound/send";
import { EVENT_ID_TTL_SECONDS } from "@/lib/outbound/event-ids";
import { newId } from "@/lib/platform";
import { wakeups } from "@/lib/outbound/wakeups";

/**
 * Broadcasts: one event to every application of a workspace, one message per application (with a delivery per
 * matching endpoint), written in batches. Each batch is one transaction that locks the broadcast's row, takes the next
 * applications after its cursor in id order, writes their messages and deliveries and advances the cursor and counts,
 * so a runner killed midway loses at most its uncommitted batch, and whoever runs next starts after the cursor.
 * Two runners never write the same batch (the row lock serialises them, and each reads the cursor under it); the
 * unique (broadcast_id, application_id) index is the last guard against a second message for an application.
 *
 * Who runs them: in the worker modes, startBroadcastRunner (started by the worker) claims runnable broadcasts under a
 * lease, FOR UPDATE SKIP LOCKED, and a dead runner's lease lapses for another to take over; on Vercel, the delivery
 * driver's runBroadcast starts an Inngest run (inngest/functions/run-broadcast.ts) that calls runBroadcastBatch per step.
 */

/** Applications per batch (one transaction each). */
export const BROADCAST_BATCH_SIZE = 200;
/** How long a runner holds a broadcast without finishing a batch before another may take it over. */
export const BROADCAST_LEASE_SECONDS = 30;
/** Batches failed in a row before the broadcast is marked failed. */
const MAX_FAILURES = 5;

// Every runner in this process shares one lease identity, so consecutive calls (tests, the bench) continue one lease.
const PROCESS_TOKEN = `proc_${randomUUID()}`;

type BroadcastRow = typeof broadcasts.$inferSelect;

/** The row with its counters grouped as the progress they are. */
export const broadcastView = (b: BroadcastRow): BroadcastView => ({
  id: b.id,
  eventType: b.eventType,
  version: b.version,
  eventId: b.eventId,
  payload: b.payload,
  status: b.status,
  progress: { applicationsTotal: b.applicationsTotal, applicationsDone: b.applicationsDone, messagesCreated: b.messagesCreated, deliveriesCreated: b.deliveriesCreated },
  lastError: b.lastError,
  createdAt: b.createdAt,
  finishedAt: b.finishedAt,
});

/**
 * Accepts a broadcast (403 for a context limited to one application): validates the payload as a send does (422), refuses an eventId used by another broadcast of the
 * workspace in the last 24 hours (409 `duplicate_event`), stores it as pending with the number of applications it
 * covers, and wakes a runner. The messages are written afterwards, batch by batch.
 */
export async function createBroadcast(input: z.input<typeof sendBroadcastSchema>, ctx: RequestContext, tx: Tx = db()): Promise<BroadcastView> {
  if (ctx.applicationId) throw new AppError("forbidden", "A key or session limited to one application cannot broadcast to every application.");
  const data = sendBroadcastSchema.parse(input);
  const { eventType, version } = await resolveEventTypeVersion(data.eventType, data.version, ctx, tx);
  assertValidPayload(eventType.name, version, data.payload);
  const eventId = data.eventId ?? null;

  const insert = (t: Tx) =>
    t.execute<Record<string, unknown>>(sql`
      insert into broadcasts (id, workspace_id, event_type, event_type_id, version, payload, event_id, applications_total)
      select ${newId("bcast")}, ${ctx.workspaceId}, ${eventType.name}, ${eventType.id}, ${version.version}, ${JSON.stringify(data.payload)}::jsonb, ${eventId},
        (select count(*)::int from ${applications} where ${applications.workspaceId} = ${ctx.workspaceId})
      on conflict (workspace_id, event_id) where event_id is not null do nothing
      returning id`);
  const id = await tx.transaction(async (t) => {
    const [row] = await insert(t);
    if (row) return row.id as string;
    // The eventId is taken: released if its broadcast is older than the window, otherwise a duplicate.
    const released = await t
      .update(broadcasts)
      .set({ eventId: null })
      .where(and(eq(broadcasts.workspaceId, ctx.workspaceId), eq(broadcasts.eventId, eventId!), sql`${broadcasts.createdAt} < now() - make_interval(secs => ${EVENT_ID_TTL_SECONDS})`))
      .returning({ id: broadcasts.id });
    const [again] = released.length ? await insert(t) : [];
    if (again) return again.id as string;
    const [original] = await t.select({ id: broadcasts.id }).from(broadcasts).where(and(eq(broadcasts.workspaceId, ctx.workspaceId), eq(broadcasts.eventId, eventId!)));
    throw new AppError("duplicate_event", `A broadcast with event id ${eventId} was already sent in the last 24 hours.`, { broadcastId: original?.id });
  });
  const [stored] = await tx.select().from(broadcasts).where(eq(broadcasts.id, id));
  await dispatchBroadcast(id);
  return broadcastView(stored);
}

/** One broadcast of the caller's workspace, with its progress; 404 for another workspace's, and for an application-limited context. */
export async function getBroadcast(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<BroadcastView> {
  // A broadcast spans every application, so one limited to an application sees none.
  if (ctx.applicationId) throw notFound("The broadcast");
  const [row] = await tx.select().from(broadcasts).where(and(eq(broadcasts.id, input.id), eq(broadcasts.workspaceId, ctx.workspaceId)));
  if (!row) throw notFound("The broadcast");
  return broadcastView(row);
}

/** The workspace's most recent broadcasts, newest first (broadcasts_workspace_created): the messages page's progress. */
export async function recentBroadcasts(ctx: RequestContext, limit = 5, tx: Tx = db()): Promise<BroadcastView[]> {
  if (ctx.applicationId) return [];
  const rows = await tx.select().from(broadcasts).where(eq(broadcasts.workspaceId, ctx.workspaceId)).orderBy(...newestFirst(broadcasts.createdAt, broadcasts.id)).limit(limit);
  return rows.map(broadcastView);
}

export interface BatchResult {
  broadcast: BroadcastView;
  /** ran: a batch was written (more may follow); done: completed or failed, nothing to do; leased: another runner holds it. */
  state: "ran" | "done" | "leased";
}

export interface BatchOptions {
  /** The runner's lease identity; this process's unless given (an Inngest run passes its run id). */
  token?: string;
  batchSize?: number;
  leaseSeconds?: number;
}

/**
 * Writes the broadcast's next batch in one transaction, taking or renewing the lease for `token` (refused while
 * another runner's lease is live). The batch's deliveries are dispatched after the commit. A broadcast with no
 * applications left after its cursor is completed.
 */
export async function runBroadcastBatch(broadcastId: string, options: BatchOptions = {}): Promise<BatchResult> {
  const token = options.token ?? PROCESS_TOKEN;
  const batchSize = options.batchSize ?? BROADCAST_BATCH_SIZE;
  const lease = sql`now() + make_interval(secs => ${options.leaseSeconds ?? BROADCAST_LEASE_SECONDS})`;
  const { result, due } = await db().transaction(async (t) => {
    const [locked] = await t.execute<{ leased_elsewhere: boolean }>(
      sql`select lease_until > now() and lease_token is distinct from ${token} as leased_elsewhere from broadcasts where id = ${broadcastId} for update`,
    );
    if (!locked) throw notFound("The broadcast");
    const [b] = await t.select({ ...getTableColumns(broadcasts), latestVersion: latestVersionOf(broadcasts.eventTypeId) }).from(broadcasts).where(eq(broadcasts.id, broadcastId));
    const none: DueDelivery[] = [];
    if (b.status === "completed" || b.status === "failed") return { result: { broadcast: broadcastView(b), state: "done" as const }, due: none };
    if (locked.leased_elsewhere) return { result: { broadcast: broadcastView(b), state: "leased" as const }, due: none };

    // Only applications that existed when the broadcast was accepted; locked against deletion until the commit.
    const batch = await t
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.workspaceId, b.workspaceId), b.cursor ? sql`${applications.id} > ${b.cursor}` : undefined, sql`${applications.createdAt} <= ${b.createdAt.toISOString()}::timestamptz`))
      .orderBy(applications.id)
      .limit(batchSize)
      .for("key share");
    if (batch.length === 0) {
      const [finished] = await t
        .update(broadcasts)
        .set({ status: "completed", finishedAt: sql`now()`, leaseToken: null, leaseUntil: null })
        .where(eq(broadcasts.id, b.id))
        .returning();
      return { result: { broadcast: broadcastView(finished), state: "done" as const }, due: none };
    }

    const byApplication = new Map<string, EndpointRouting[]>();
    for (const e of await routableEndpointsOf(t, b.workspaceId, batch.map((a) => a.id))) {
      byApplication.set(e.applicationId, [...(byApplication.get(e.applicationId) ?? []), e]);
    }
    const now = new Date();
    const messageRows = batch.map((a) => ({ id: newId("msg"), application_id: a.id }));
    const deliveryRows = messageRows.flatMap((m) =>
      (byApplication.get(m.application_id) ?? [])
        .filter((e) => endpointReceives(e, b, b.latestVersion ?? b.version))
        .map((e) => ({ id: newId("dlv"), message_id: m.id, endpoint_id: e.id, next_attempt_at: firstAttemptAt(e.retrySchedule, now).toISOString() })),
    );
    const at = now.toISOString();
    // One statement: the messages (a redone application's skipped by the unique index), the deliveries of the messages
    // actually written, and the broadcast's cursor, counts and lease.
    const [updated] = await t.execute<Record<string, unknown> & { due: DueDelivery[] }>(sql`
      with m as (
        insert into messages (id, workspace_id, application_id, broadcast_id, event_type, event_type_id, version, payload, event_id, created_at)
        select v.id, ${b.workspaceId}, v.application_id, ${b.id}, ${b.eventType}, ${b.eventTypeId}, ${b.version}, ${JSON.stringify(b.payload)}::jsonb, ${b.eventId}, ${at}::timestamptz
        from json_to_recordset(${JSON.stringify(messageRows)}::json) as v(id text, application_id text)
        on conflict (broadcast_id, application_id) where broadcast_id is not null do nothing
        returning id
      ), d as (
        insert into deliveries (id, workspace_id, message_id, endpoint_id, next_attempt_at, created_at, updated_at)
        select v.id, ${b.workspaceId}, v.message_id, v.endpoint_id, v.next_attempt_at, ${at}::timestamptz, ${at}::timestamptz
        from json_to_recordset(${JSON.stringify(deliveryRows)}::json) as v(id text, message_id text, endpoint_id text, next_attempt_at timestamptz)
        join m on m.id = v.message_id
        returning id, endpoint_id
      )
      update broadcasts set
        status = 'running', cursor = ${batch[batch.length - 1].id}, applications_done = applications_done + ${batch.length},
        messages_created = messages_created + (select count(*) from m), deliveries_created = deliveries_created + (select count(*) from d),
        lease_token = ${token}, lease_until = ${lease}, failures = 0, last_error = null
      where id = ${b.id}
      returning (select coalesce(json_agg(json_build_object('deliveryId', d.id, 'endpointId', d.endpoint_id)), '[]'::json) from d) as due`);
    const [after] = await t.select().from(broadcasts).where(eq(broadcasts.id, b.id));
    return { result: { broadcast: broadcastView(after), state: "ran" as const }, due: updated.due };
  });
  await dispatchCommitted(due);
  return result;
}

/**
 * Counts a failed batch against the broadcast (the last error kept) and lets go of its lease; after MAX_FAILURES in a
 * row the broadcast is failed. The next try waits a second per failure, so a database hiccup is ridden out.
 */
export async function recordBroadcastFailure(broadcastId: string, error: unknown, token = PROCESS_TOKEN): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await db().execute(sql`
    update broadcasts set failures = failures + 1, last_error = ${message.slice(0, 1000)},
      status = case when failures + 1 >= ${MAX_FAILURES} then 'failed'::broadcast_status else status end,
      finished_at = case when failures + 1 >= ${MAX_FAILURES} then now() else finished_at end,
      lease_token = null, lease_until = now() + make_interval(secs => failures + 1)
    where id = ${broadcastId} and status in ('pending', 'running') and (lease_token is null or lease_token = ${token})`);
}

/**
 * Runs the broadcast's batches until it is done, or until another runner holds it ("leased"). A batch that throws is
 * recorded (recordBroadcastFailure) and the error rethrown. Bounded: each batch advances the cursor.
 */
export async function runBroadcast(broadcastId: string, options: BatchOptions & { shouldStop?: () => boolean } = {}): Promise<BatchResult> {
  for (;;) {
    let result: BatchResult;
    try {
      result = await runBroadcastBatch(broadcastId, options);
    } catch (error) {
      await recordBroadcastFailure(broadcastId, error, options.token);
      throw error;
    }
    if (result.state !== "ran" || options.shouldStop?.()) return result;
  }
}

/** Takes the lease on the oldest runnable broadcast whose lease is free (SKIP LOCKED: runners never wait on each other). */
async function claimRunnableBroadcast(token: string, leaseSeconds: number): Promise<string | undefined> {
  const [row] = await db().execute<{ id: string }>(sql`
    update broadcasts set lease_token = ${token}, lease_until = now() + make_interval(secs => ${leaseSeconds}), status = 'running'
    where id = (
      select id from broadcasts
      where status in ('pending', 'running') and (lease_until is null or lease_until < now())
      order by created_at limit 1
      for update skip locked
    )
    returning id`);
  return row?.id;
}

/** Gives the lease back at once (a runner stopping between batches), so another runner need not wait for it to lapse. */
async function releaseBroadcast(broadcastId: string, token: string) {
  await db().execute(sql`update broadcasts set lease_token = null, lease_until = null where id = ${broadcastId} and lease_token = ${token}`);
}

/**
 * Broadcasts still to run that nobody is running (never started, or their runner's lease lapsed a while ago): what the
 * Vercel sweep starts again.
 */
export async function findStalledBroadcasts(graceSeconds = 60, limit = 100): Promise<string[]> {
  const rows = await db().execute<{ id: string }>(sql`
    select id from broadcasts
    where status in ('pending', 'running') and created_at < now() - make_interval(secs => ${graceSeconds})
      and (lease_until is null or lease_until < now() - make_interval(secs => ${graceSeconds}))
    order by created_at limit ${limit}`);
  return rows.map((r) => r.id);
}

export interface BroadcastRunnerOptions {
  pollIntervalMs?: number;
  leaseSeconds?: number;
  /** Listen for NOTIFY on a dedicated connection (on by default). */
  listen?: boolean;
}

/**
 * The worker modes' broadcast runner: claims a runnable broadcast, runs it batch by batch, and looks for the next;
 * wakes on a new broadcast (in-process signal or NOTIFY) and otherwise every poll interval, which is also how a dead
 * runner's broadcast is taken over once its lease lapses. One broadcast at a time per runner; any number of runners.
 */
export function startBroadcastRunner(options: BroadcastRunnerOptions = {}): { stop(): Promise<void> } {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const leaseSeconds = options.leaseSeconds ?? BROADCAST_LEASE_SECONDS;
  const token = `runner_${randomUUID()}`;
  let stopping = false;
  const wakes = wakeups("broadcast", BROADCAST_CHANNEL, options.listen !== false);

  async function loop() {
    while (!stopping) {
      let ran = false;
      try {
        const id = await claimRunnableBroadcast(token, leaseSeconds);
        if (id) {
          ran = true;
          const result = await runBroadcast(id, { token, leaseSeconds, shouldStop: () => stopping });
          if (result.state === "ran") await releaseBroadcast(id, token);
        }
      } catch (error) {
        console.error(JSON.stringify({ level: "error", msg: "broadcast batch failed", reason: (error as Error).message }));
      }
      if (!ran && !stopping) await wakes.sleep(pollIntervalMs);
    }
  }

  const running = loop();
  return {
    async stop() {
      stopping = true;
      wakes.signal();
      await running;
      await wakes.close();
    },
  };
}
