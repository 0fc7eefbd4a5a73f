import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { getMessage, listAttempts, sentBodies } from "@/lib/outbound";
import { replayMessage } from "@/lib/outbound/replay";
import { getInboundRequest } from "@/lib/inbound/requests";
import { type PurgeBatch, purgeExpiredData, updateRetentionSettings } from "@/lib/retention";
import { contextFor, createOwner, createUser } from "../helpers/factories";
import { endpointAndSource, row, seedInbound, seedMessage, seedOperationalEvent, seedRollup } from "./seed";

const exists = async (table: string, id: string) =>
  Boolean(await row(sql`select 1 from ${sql.raw(table)} where id = ${id}`));
const payloadOf = async (id: string) => row<{ payload: unknown; purged: boolean }>(sql`select payload, payload_purged_at is not null as purged from messages where id = ${id}`);
const attemptBody = async (id: string) => row<{ body: string | null; purged: boolean }>(sql`select response_body as body, bodies_purged_at is not null as purged from attempts where id = ${id}`);
const inboundBody = async (id: string) => row<{ has_body: boolean; purged: boolean }>(sql`select body is not null as has_body, body_purged_at is not null as purged from inbound_requests where id = ${id}`);

describe("retention purge", () => {
  it("clears payloads past N days, deletes rows past M days, and leaves open deliveries and other workspaces alone", async () => {
    const a = await createOwner();
    const b = await createOwner();
    const aw = a.workspace.id;
    const bw = b.workspace.id;
    const ea = await endpointAndSource(a.ctx);
    const eb = await endpointAndSource(b.ctx);
    // B keeps payloads 60 days and metadata a year.
    await db().transaction((tx) => updateRetentionSettings({ payloadRetentionDays: 60, metadataRetentionDays: 365 }, b.ctx, tx));

    const fresh = await seedMessage(aw, ea.endpointId, 10);
    const old = await seedMessage(aw, ea.endpointId, 40);
    const oldPending = await seedMessage(aw, ea.endpointId, 40, { status: "pending", nextAttemptAt: new Date() });
    const ancient = await seedMessage(aw, ea.endpointId, 100);
    const ancientRetrying = await seedMessage(aw, ea.endpointId, 100, { status: "failed", nextAttemptAt: new Date(Date.now() + 3600_000) });
    // In arrival order, as a source's sequence numbers are.
    const reqAncient = await seedInbound(aw, ea.sourceId, 100);
    const reqOld = await seedInbound(aw, ea.sourceId, 40);
    const reqFresh = await seedInbound(aw, ea.sourceId, 10);
    const eventFresh = await seedOperationalEvent(aw, 10);
    const eventAncient = await seedOperationalEvent(aw, 100);
    // Minute rows go after two days whatever M is (only the last day's charts read them); hours keep M's window.
    for (const level of ["minute", "hour", "scope minute", "scope hour"] as const) {
      for (const ageDays of [1, 10, 100]) await seedRollup(aw, ea.endpointId, ageDays, level);
    }
    const bOld = await seedMessage(bw, eb.endpointId, 40);
    const bAncient = await seedMessage(bw, eb.endpointId, 100);
    const bReqAncient = await seedInbound(bw, eb.sourceId, 100);
    const bEvent = await seedOperationalEvent(bw, 100);
    const pendingBefore = await row(sql`select status, attempt_count, next_attempt_at, updated_at from deliveries where id = ${oldPending.deliveryId}`);
    const auditBefore = await row<{ n: number }>(sql`select count(*)::int as n from audit_log where workspace_id = ${aw}`);

    const result = await purgeExpiredData({ workspaceId: aw });
    await purgeExpiredData({ workspaceId: bw });

    // A: payloads under 30 days kept; over 30 cleared (the rows stay); the one with an open delivery kept and held.
    expect(await payloadOf(fresh.messageId)).toEqual({ payload: { secret: "card" }, purged: false });
    expect(await payloadOf(old.messageId)).toEqual({ payload: null, purged: true });
    expect(await attemptBody(fresh.attemptId)).toEqual({ body: "thanks, card received", purged: false });
    expect(await attemptBody(old.attemptId)).toEqual({ body: null, purged: true });
    expect(await exists("deliveries", old.deliveryId)).toBe(true);
    expect(await payloadOf(oldPending.messageId)).toEqual({ payload: { secret: "card" }, purged: false });
    expect(await row(sql`select status, attempt_count, next_attempt_at, updated_at from deliveries where id = ${oldPending.deliveryId}`)).toEqual(pendingBefore);
    expect(await row(sql`select workspace_id from retention_held_payloads where message_id = ${oldPending.messageId}`)).toEqual({ workspace_id: aw });
    // Past 90 days: gone with its delivery and attempt, unless a delivery is still open.
    expect(await exists("messages", ancient.messageId)).toBe(false);
    expect(await exists("deliveries", ancient.deliveryId)).toBe(false);
    expect(await exists("attempts", ancient.attemptId)).toBe(false);
    expect(await exists("messages", ancientRetrying.messageId)).toBe(true);
    expect(await exists("deliveries", ancientRetrying.deliveryId)).toBe(true);
    expect(await inboundBody(reqFresh)).toEqual({ has_body: true, purged: false });
    expect(await inboundBody(reqOld)).toEqual({ has_body: false, purged: true });
    expect(await exists("inbound_requests", reqAncient)).toBe(false);
    expect(await exists("operational_events", eventFresh)).toBe(true);
    expect(await exists("operational_events", eventAncient)).toBe(false);
    const ages = (table: string, column: string, only = sql`true`) =>
      db().execute<{ days: number }>(sql`select round(extract(epoch from now() - ${sql.identifier(column)}) / 86400)::int as days from ${sql.identifier(table)} where workspace_id = ${aw} and ${only} order by 1`);
    expect(await ages("attempt_rollups", "minute")).toEqual([{ days: 1 }]);
    expect(await ages("attempt_rollups_hourly", "hour")).toEqual([{ days: 1 }, { days: 10 }]);
    expect(await ages("attempt_rollup_scopes", "at", sql`granularity = 'minute'`)).toEqual([{ days: 1 }]);
    expect(await ages("attempt_rollup_scopes", "at", sql`granularity = 'hour'`)).toEqual([{ days: 1 }, { days: 10 }]);
    // The audit log is kept (the settings change above is B's).
    expect(await row(sql`select count(*)::int as n from audit_log where workspace_id = ${aw}`)).toEqual(auditBefore);
    // Attempt response bodies are history, not what a delivery sends: the open deliveries' old attempts lose theirs too.
    expect(await attemptBody(oldPending.attemptId)).toEqual({ body: null, purged: true });
    expect(result).toMatchObject({ payloadsPurged: 1, attemptBodiesPurged: 3, inboundBodiesPurged: 1, messagesDeleted: 1, deliveriesDeleted: 1, attemptsDeleted: 1, inboundRequestsDeleted: 1, operationalEventsDeleted: 1, rollupsDeleted: 6, lockTimeouts: 0 });

    // B, with its longer windows: the 40-day payload is kept, the 100-day message kept with its payload cleared.
    expect(await payloadOf(bOld.messageId)).toEqual({ payload: { secret: "card" }, purged: false });
    expect(await payloadOf(bAncient.messageId)).toEqual({ payload: null, purged: true });
    expect(await exists("inbound_requests", bReqAncient)).toBe(true);
    expect(await exists("operational_events", bEvent)).toBe(true);

    // A second run finds nothing new; once the open delivery closes, its message's payload goes too.
    expect(await purgeExpiredData({ workspaceId: aw })).toMatchObject({ payloadsPurged: 0, attemptBodiesPurged: 0, messagesDeleted: 0 });
    await db().execute(sql`update deliveries set status = 'succeeded', next_attempt_at = null where id = ${oldPending.deliveryId}`);
    expect(await purgeExpiredData({ workspaceId: aw })).toMatchObject({ payloadsPurged: 1 });
    expect(await payloadOf(oldPending.messageId)).toEqual({ payload: null, purged: true });
    // Only the 100-day message still retrying is held now.
    expect(await db().execute(sql`select message_id from retention_held_payloads where workspace_id = ${aw}`)).toEqual([{ message_id: ancientRetrying.messageId }]);
  });

  it("works in batches: every batch is its own short transaction and the cursor carries the walk across them", async () => {
    const { workspace, ctx } = await createOwner();
    const { endpointId, sourceId } = await endpointAndSource(ctx);
    for (let i = 0; i < 23; i++) await seedMessage(workspace.id, endpointId, 40);
    for (let i = 0; i < 12; i++) await seedMessage(workspace.id, endpointId, 100);
    for (let i = 0; i < 11; i++) await seedInbound(workspace.id, sourceId, 40);
    const batches: PurgeBatch[] = [];
    const result = await purgeExpiredData({ workspaceId: workspace.id, batchSize: 5, onBatch: (b) => batches.push(b) });
    const steps = (step: string) => batches.filter((b) => b.step === step);
    expect(result).toMatchObject({ payloadsPurged: 23, attemptBodiesPurged: 23, inboundBodiesPurged: 11, messagesDeleted: 12, attemptsDeleted: 12 });
    // 23 rows in batches of 5: five full batches and the one that finds the end.
    expect(steps("payloads").map((b) => b.rows)).toEqual([5, 5, 5, 5, 3]);
    expect(steps("messages").map((b) => b.rows)).toEqual([15, 15, 6]);
    expect(steps("inbound_bodies").map((b) => b.rows)).toEqual([5, 5, 1]);
    expect(result.batches).toBe(batches.length);
    expect(result.longestBatchMs).toBe(Math.max(...batches.map((b) => b.durationMs)));
    // The cursor is where the last batch stopped: a new run starts past every purged row.
    expect(await row(sql`select count(*)::int as n from retention_cursors where workspace_id = ${workspace.id}`)).toEqual({ n: 3 });
    const again: PurgeBatch[] = [];
    await purgeExpiredData({ workspaceId: workspace.id, batchSize: 5, onBatch: (b) => again.push(b) });
    expect(again.filter((b) => b.step === "payloads")).toHaveLength(1);
    expect(again.reduce((n, b) => n + b.rows, 0)).toBe(0);
    // A deleted source's cursor goes with it.
    await db().execute(sql`delete from sources where id = ${sourceId}`);
    await purgeExpiredData({ workspaceId: workspace.id });
    expect(await db().execute(sql`select kind from retention_cursors where workspace_id = ${workspace.id} order by kind`)).toEqual([{ kind: "attempt_bodies" }, { kind: "payloads" }]);
  });

  it("gives up a batch whose rows stay locked past lock_timeout, and the next run does them", async () => {
    const { workspace, ctx } = await createOwner();
    const { endpointId } = await endpointAndSource(ctx);
    const m = await seedMessage(workspace.id, endpointId, 40);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // Another transaction holds the message as a replay would (FOR SHARE) until told to let go.
    const holder = db().transaction(async (tx) => {
      await tx.execute(sql`select id from messages where id = ${m.messageId} for share`);
      locked();
      await held;
    });
    await isLocked;
    const blocked = await purgeExpiredData({ workspaceId: workspace.id });
    release();
    await holder;
    expect(blocked.lockTimeouts).toBe(1);
    expect(await payloadOf(m.messageId)).toEqual({ payload: { secret: "card" }, purged: false });
    expect(await purgeExpiredData({ workspaceId: workspace.id })).toMatchObject({ payloadsPurged: 1, lockTimeouts: 0 });
  });

  it("shows a purged payload as purged in the message and attempt views, and refuses to resend it", async () => {
    const { workspace, ctx } = await createOwner();
    const { endpointId, sourceId } = await endpointAndSource(ctx);
    const m = await seedMessage(workspace.id, endpointId, 40);
    const req = await seedInbound(workspace.id, sourceId, 40);
    await purgeExpiredData({ workspaceId: workspace.id });
    const message = await getMessage({ id: m.messageId as `msg_${string}` }, ctx);
    expect(message.payload).toBeNull();
    expect(message.payloadPurgedAt).toBeInstanceOf(Date);
    const attempts = await listAttempts({ messageId: m.messageId as `msg_${string}` }, ctx);
    expect(attempts.data[0]).toMatchObject({ responseBody: null, bodiesPurgedAt: expect.any(Date) });
    const bodies = await sentBodies(attempts.data, ctx);
    expect(bodies.get(m.attemptId)).toEqual({ purgedAt: message.payloadPurgedAt });
    await expect(replayMessage({ messageId: m.messageId as `msg_${string}` }, ctx)).rejects.toMatchObject({ code: "conflict" });
    expect(await getInboundRequest({ id: req as `req_${string}` }, ctx)).toMatchObject({ body: null, bodyPurged: true });
  });
});

describe("retention settings", () => {
  it("validates the windows by field, audits the change, and is for owners and admins", async () => {
    const { workspace, ctx } = await createOwner();
    await expect(db().transaction((tx) => updateRetentionSettings({ payloadRetentionDays: 30, metadataRetentionDays: 10 }, ctx, tx))).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["metadataRetentionDays"], message: "Keep metadata at least as long as payloads" })],
    });
    await expect(db().transaction((tx) => updateRetentionSettings({ payloadRetentionDays: 0, metadataRetentionDays: 10 }, ctx, tx))).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["payloadRetentionDays"] })],
    });
    await db().transaction((tx) => updateRetentionSettings({ payloadRetentionDays: "7", metadataRetentionDays: "30" }, ctx, tx));
    expect(await row(sql`select payload_retention_days as p, metadata_retention_days as m from workspaces where id = ${workspace.id}`)).toEqual({ p: 7, m: 30 });
    expect(await row(sql`select before, after from audit_log where workspace_id = ${workspace.id} and action = 'workspace.retention.update'`)).toEqual({
      before: { payloadRetentionDays: 30, metadataRetentionDays: 90 },
      after: { payloadRetentionDays: 7, metadataRetentionDays: 30 },
    });
    const dev = await createUser();
    await expect(db().transaction((tx) => updateRetentionSettings({ payloadRetentionDays: 1, metadataRetentionDays: 1 }, contextFor(workspace.id, dev, "developer"), tx))).rejects.toMatchObject({ code: "forbidden" });
  });
});
