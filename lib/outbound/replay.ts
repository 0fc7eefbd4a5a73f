import { and, eq, gte, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { idSchema } from "@/lib/platform/id-types";
import { db, type Tx } from "@/db";
import { deliveries, DELIVERY_STATUSES, endpoints, messages } from "@/db/schema";
import { AppError, notFound, type RequestContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { dispatchCommitted, notifyWorkers } from "@/lib/outbound/driver";
import { newId } from "@/lib/platform";
import { inActorApplication, throughActorEndpoint } from "@/lib/applications";
import { matchesContentFilter, matchesEventType, type ContentFilter } from "@/lib/outbound/filters";

/**
 * Replay and recovery: re-arming a message's deliveries, or an endpoint's failed ones, for a manual attempt now; and
 * the reverse, cancelling the attempts still scheduled.
 */

/** Re-arms deliveries for a manual attempt now. Deliveries whose lease is live are left to the attempt in flight. */
function rearm(now: Date) {
  return {
    status: "pending" as const,
    nextAttemptAt: now,
    nextTrigger: "manual" as const,
    leaseUntil: null,
    leaseToken: null,
    updatedAt: now,
  };
}

const notLeased = (now: Date) => or(isNull(deliveries.leaseUntil), lt(deliveries.leaseUntil, now));

export const replayMessageSchema = z.object({
  messageId: idSchema("msg"),
  /** One endpoint (a delivery is created if the message never went there), or every endpoint it went to. */
  endpointId: idSchema("ep").optional(),
});

/**
 * Resends a message: to one endpoint, or to every endpoint that has a delivery of it. Each re-armed delivery makes one
 * manual attempt now; if that fails, retries continue from where its schedule stood (none after exhaustion).
 */
export async function replayMessage(input: z.input<typeof replayMessageSchema>, ctx: RequestContext, tx: Tx = db()): Promise<{ deliveryCount: number }> {
  const { messageId, endpointId } = replayMessageSchema.parse(input);
  const result = await tx.transaction(async (t) => {
    // FOR SHARE: the retention purge (lib/retention) locks a message before clearing its payload, so either this
    // replay's delivery is committed before the purge looks (and keeps the payload), or the purge came first.
    const [message] = await t.select({ id: messages.id, payloadPurgedAt: messages.payloadPurgedAt }).from(messages).where(and(eq(messages.id, messageId), eq(messages.workspaceId, ctx.workspaceId), inActorApplication(ctx, messages.applicationId))).for("share");
    if (!message) throw notFound("The message");
    if (message.payloadPurgedAt) throw new AppError("conflict", "The message's payload was purged by the workspace's retention settings, so it cannot be resent.");
    const now = new Date();
    if (endpointId) {
      const [endpoint] = await t.select({ id: endpoints.id }).from(endpoints).where(and(eq(endpoints.id, endpointId), eq(endpoints.workspaceId, ctx.workspaceId), inActorApplication(ctx, endpoints.applicationId)));
      if (!endpoint) throw notFound("The endpoint");
      await t
        .insert(deliveries)
        .values({ id: newId("dlv"), workspaceId: ctx.workspaceId, messageId, endpointId, nextAttemptAt: now, nextTrigger: "manual", createdAt: now, updatedAt: now })
        .onConflictDoNothing();
    }
    const rearmed = await t
      .update(deliveries)
      .set(rearm(now))
      .where(and(eq(deliveries.messageId, messageId), throughActorEndpoint(ctx, deliveries.endpointId), endpointId ? eq(deliveries.endpointId, endpointId) : undefined, notLeased(now)))
      .returning({ deliveryId: deliveries.id, endpointId: deliveries.endpointId });
    if (rearmed.length) await notifyWorkers(t);
    await recordAudit(t, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "message.replay", target: { type: "message", id: messageId }, after: { endpointId: endpointId ?? null, deliveries: rearmed.length } });
    return rearmed;
  });
  await dispatchCommitted(result);
  return { deliveryCount: result.length };
}

export const recoverSchema = z.object({
  endpointId: idSchema("ep"),
  since: z.coerce.date(),
  until: z.coerce.date().optional(),
});

/**
 * Re-sends every failed or exhausted delivery of an endpoint created since a time. Returns how many were re-armed;
 * progress is the count of those still pending (see deliveryStatusCounts).
 */
export async function recoverFailedDeliveries(input: z.input<typeof recoverSchema>, ctx: RequestContext, tx: Tx = db()): Promise<{ count: number }> {
  const { endpointId, since, until } = recoverSchema.parse(input);
  const result = await tx.transaction(async (t) => {
    const [endpoint] = await t.select({ id: endpoints.id }).from(endpoints).where(and(eq(endpoints.id, endpointId), eq(endpoints.workspaceId, ctx.workspaceId), inActorApplication(ctx, endpoints.applicationId)));
    if (!endpoint) throw notFound("The endpoint");
    const now = new Date();
    const rearmed = await t
      .update(deliveries)
      .set(rearm(now))
      .where(
        and(
          eq(deliveries.endpointId, endpointId),
          inArray(deliveries.status, ["failed", "exhausted"]),
          gte(deliveries.createdAt, since),
          until ? lt(deliveries.createdAt, until) : undefined,
          notLeased(now),
          // A message whose payload the retention purge cleared has nothing left to send. FOR SHARE, as in replayMessage.
          sql`exists (select 1 from ${messages} m where m.id = ${deliveries.messageId} and m.payload_purged_at is null for share)`,
        ),
      )
      .returning({ deliveryId: deliveries.id, endpointId: deliveries.endpointId });
    if (rearmed.length) await notifyWorkers(t);
    await recordAudit(t, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "endpoint.recover", target: { type: "endpoint", id: endpointId }, after: { since, until: until ?? null, deliveries: rearmed.length } });
    return rearmed;
  });
  await dispatchCommitted(result);
  return { count: result.length };
}

export const replayMissingSchema = z.object({
  endpointId: idSchema("ep"),
  since: z.coerce.date(),
  until: z.coerce.date().optional(),
});

/** How many messages one replay of missing messages sends at most; a wider window is replayed in parts. */
export const MAX_REPLAY_MISSING = 10_000;

/**
 * Sends an endpoint the messages it never got (Svix's replay-missing): its application's messages created since a time
 * (and before `until`) that its event-type and content filters take and that have no delivery to it, such as those
 * sent before it existed or while it was disabled. Each gets a delivery making a manual attempt now; oldest first, at
 * most MAX_REPLAY_MISSING. Messages it already had a delivery of are left alone: that is what replay is for. Messages
 * whose payload the retention purge cleared have nothing left to send: they are skipped and counted (`skippedPurged`,
 * those its event types take; their content is gone, so its content filter cannot be asked).
 */
export async function replayMissingMessages(input: z.input<typeof replayMissingSchema>, ctx: RequestContext, tx: Tx = db()): Promise<{ count: number; skippedPurged: number }> {
  const { endpointId, since, until } = replayMissingSchema.parse(input);
  const result = await tx.transaction(async (t) => {
    const [endpoint] = await t.select().from(endpoints).where(and(eq(endpoints.id, endpointId), eq(endpoints.workspaceId, ctx.workspaceId), inActorApplication(ctx, endpoints.applicationId)));
    if (!endpoint) throw notFound("The endpoint");
    // messages_application_created serves both walks; deliveries_message_endpoint the probe for each message.
    const neverSent = and(
      eq(messages.workspaceId, ctx.workspaceId),
      eq(messages.applicationId, endpoint.applicationId),
      gte(messages.createdAt, since),
      until ? lt(messages.createdAt, until) : undefined,
      sql`not exists (select 1 from ${deliveries} where ${deliveries.messageId} = ${messages.id} and ${deliveries.endpointId} = ${endpointId})`,
    );
    // FOR SHARE, as in replayMessage: the retention purge locks a message before clearing its payload, so either the
    // deliveries made here are committed before it looks (and it keeps the payload), or it came first and the locked
    // read, re-checking the row, leaves the message out.
    const missing = await t
      .select({ id: messages.id, eventType: messages.eventType, payload: messages.payload })
      .from(messages)
      .where(and(neverSent, isNull(messages.payloadPurgedAt)))
      .orderBy(messages.createdAt, messages.id)
      .limit(MAX_REPLAY_MISSING)
      .for("share");
    // Counted per event type, so the endpoint's event-type filter (wildcards included) decides as it does for the rest.
    const purged = await t
      .select({ eventType: messages.eventType, count: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(neverSent, isNotNull(messages.payloadPurgedAt)))
      .groupBy(messages.eventType);
    const skippedPurged = purged.filter((p) => matchesEventType(endpoint.eventTypes, p.eventType)).reduce((sum, p) => sum + p.count, 0);
    const now = new Date();
    const wanted = missing.filter((m) => matchesEventType(endpoint.eventTypes, m.eventType) && matchesContentFilter(endpoint.contentFilter as ContentFilter | null, m.payload));
    const rows = wanted.map((m) => ({ id: newId("dlv"), workspaceId: ctx.workspaceId, messageId: m.id, endpointId, nextAttemptAt: now, nextTrigger: "manual" as const, createdAt: now, updatedAt: now }));
    const created = rows.length ? await t.insert(deliveries).values(rows).onConflictDoNothing().returning({ deliveryId: deliveries.id, endpointId: deliveries.endpointId }) : [];
    if (created.length) await notifyWorkers(t);
    await recordAudit(t, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "endpoint.replay_missing", target: { type: "endpoint", id: endpointId }, after: { since, until: until ?? null, deliveries: created.length, skippedPurged } });
    return { created, skippedPurged };
  });
  await dispatchCommitted(result.created);
  return { count: result.created.length, skippedPurged: result.skippedPurged };
}

/** A message, an endpoint, or the message to the endpoint (one of the two at least). */
export const cancelRetriesSchema = z.object({ messageId: idSchema("msg").optional(), endpointId: idSchema("ep").optional() });

/**
 * Cancels the attempts still scheduled: every delivery of a message, of an endpoint, or of the message to the
 * endpoint, that waits for a first attempt or a retry (pending, or failed with a next attempt, held ones included)
 * becomes cancelled with no next attempt. A delivery whose lease is live is left to the attempt in flight (whose
 * outcome then decides it); a cancelled delivery stays so until a replay. Audited on the message or the endpoint.
 */
export async function cancelPendingRetries(input: z.input<typeof cancelRetriesSchema>, ctx: RequestContext, tx: Tx = db()): Promise<{ count: number }> {
  const { messageId, endpointId } = cancelRetriesSchema.parse(input);
  if (!messageId && !endpointId) throw new AppError("bad_request", "Name a message or an endpoint whose retries to cancel.");
  return tx.transaction(async (t) => {
    if (messageId) {
      const [message] = await t.select({ id: messages.id }).from(messages).where(and(eq(messages.id, messageId), eq(messages.workspaceId, ctx.workspaceId), inActorApplication(ctx, messages.applicationId)));
      if (!message) throw notFound("The message");
    }
    if (endpointId) {
      const [endpoint] = await t.select({ id: endpoints.id }).from(endpoints).where(and(eq(endpoints.id, endpointId), eq(endpoints.workspaceId, ctx.workspaceId), inActorApplication(ctx, endpoints.applicationId)));
      if (!endpoint) throw notFound("The endpoint");
    }
    const now = new Date();
    const cancelled = await t
      .update(deliveries)
      .set({ status: "cancelled", nextAttemptAt: null, leaseUntil: null, leaseToken: null, updatedAt: now })
      .where(
        and(
          eq(deliveries.workspaceId, ctx.workspaceId),
          throughActorEndpoint(ctx, deliveries.endpointId),
          messageId ? eq(deliveries.messageId, messageId) : undefined,
          endpointId ? eq(deliveries.endpointId, endpointId) : undefined,
          inArray(deliveries.status, ["pending", "failed", "sending"]),
          isNotNull(deliveries.nextAttemptAt),
          notLeased(now),
        ),
      )
      .returning({ id: deliveries.id });
    const target = messageId ? { type: "message", id: messageId } : { type: "endpoint", id: endpointId! };
    await recordAudit(t, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: `${target.type}.cancel_retries`, target, after: { messageId: messageId ?? null, endpointId: endpointId ?? null, deliveries: cancelled.length } });
    return { count: cancelled.length };
  });
}

export const deliveryStatusCountsSchema = z.object({ endpointId: idSchema("ep"), since: z.coerce.date(), until: z.coerce.date().optional() });

/** Deliveries of an endpoint created since a time (and before `until`), counted by status: the progress of a recovery. */
export async function deliveryStatusCounts(input: z.input<typeof deliveryStatusCountsSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { endpointId, since, until } = deliveryStatusCountsSchema.parse(input);
  const rows = await tx
    .select({ status: deliveries.status, count: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(and(eq(deliveries.workspaceId, ctx.workspaceId), throughActorEndpoint(ctx, deliveries.endpointId), eq(deliveries.endpointId, endpointId), gte(deliveries.createdAt, since), until ? lt(deliveries.createdAt, until) : undefined))
    .groupBy(deliveries.status);
  const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<(typeof DELIVERY_STATUSES)[number], number>;
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}
