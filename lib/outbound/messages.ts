import { and, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { createHash } from "node:crypto";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { attempts, deliveries, DELIVERY_STATUSES, endpoints, messageEventIds, messages } from "@/db/schema";
import { AppError, notFound } from "@/lib/api/errors";
import { MAX_JSON_DEPTH, valueNestsDeeperThan } from "@/lib/api/body";
import { pageQuerySchema, toPage } from "@/lib/api/pagination";
import { recordAudit } from "@/lib/audit/log";
import { renderBody } from "@/lib/outbound/attempt";
import { dispatchCommitted, notifyWorkers } from "@/lib/outbound/driver";
import { matchesContentFilter, matchesEventType, type ContentFilter } from "@/lib/outbound/filters";
import { nextAttemptDelay } from "@/lib/outbound/retry-schedule";
import { routableEndpoints, type EndpointRouting } from "@/lib/outbound/fan-out";
import { env } from "@/lib/platform/env";
import { eventTypeNameSchema, resolveEventTypeVersion, validatePayload } from "@/lib/outbound/event-types";
import { newId } from "@/lib/platform/ids";
import { olderThan } from "@/lib/api/keyset";
import { applicationInSendSchema, applicationRefSchema, findApplication, getOrCreateApplication } from "@/lib/applications";
import type { RequestContext } from "@/lib/api/request-context";

/**
 * Sending messages (the outbox), reading them back with their deliveries and attempts, and replaying them.
 * A message is stored once; each matching endpoint gets a delivery row in the same transaction, and the dispatcher
 * (worker or Inngest) takes it from there.
 */

export const EVENT_ID_TTL_SECONDS = 24 * 3600;

/**
 * A message payload: bounded in depth (checked without recursion, before anything walks it) and in size, the size of
 * the API's message body limit, so a payload from the dashboard cannot be larger than one the API would take.
 */
const payloadSchema = z
  .unknown()
  .refine((p) => !valueNestsDeeperThan(p, MAX_JSON_DEPTH), { message: `The payload nests deeper than ${MAX_JSON_DEPTH} levels`, abort: true })
  .refine((p) => p === undefined || Buffer.byteLength(JSON.stringify(p)) <= env().API_MAX_MESSAGE_BYTES, {
    message: "The payload is larger than the message size limit (API_MAX_MESSAGE_BYTES)",
  });

export const sendMessageSchema = z.object({
  /**
   * The application to send to (id or uid), or `{uid, name}` to create it on first use. Without it the message goes
   * to every application's matching endpoints, as sends did before applications existed.
   */
  application: applicationInSendSchema.optional(),
  eventType: eventTypeNameSchema,
  payload: payloadSchema.refine((p) => p !== undefined, { message: "A payload is required" }),
  /** The sender's idempotency key: a second message with the same id within 24 hours is refused with 409. */
  eventId: z.string().trim().min(1).max(256).optional(),
  /** The event-type version the payload follows; the latest when omitted. */
  version: z.number().int().min(1).optional(),
});

export interface MessageView {
  id: string;
  /** The application it was addressed to; null for a workspace-wide send. */
  applicationId: string | null;
  eventType: string;
  version: number;
  eventId: string | null;
  payload: unknown;
  createdAt: Date;
}

export interface DeliveryView {
  id: string;
  messageId: string;
  endpointId: string;
  status: (typeof DELIVERY_STATUSES)[number];
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
}

export interface AttemptView {
  id: string;
  deliveryId: string;
  messageId: string;
  endpointId: string;
  number: number;
  trigger: "scheduled" | "manual";
  url: string;
  requestHeaders: Record<string, string>;
  requestBodySha256: string;
  succeeded: boolean;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  responseBodyTruncated: boolean;
  durationMs: number;
  errorClass: string | null;
  errorMessage: string | null;
  createdAt: Date;
}

type MessageRow = typeof messages.$inferSelect;
type DeliveryRow = typeof deliveries.$inferSelect;

const messageView = (m: MessageRow): MessageView => ({
  id: m.id,
  applicationId: m.applicationId,
  eventType: m.eventType,
  version: m.version,
  eventId: m.eventId,
  payload: m.payload,
  createdAt: m.createdAt,
});

export const deliveryView = (d: DeliveryRow): DeliveryView => ({
  id: d.id,
  messageId: d.messageId,
  endpointId: d.endpointId,
  status: d.status,
  attemptCount: d.attemptCount,
  nextAttemptAt: d.nextAttemptAt,
  lastAttemptAt: d.lastAttemptAt,
  lastResponseStatus: d.lastResponseStatus,
  lastError: d.lastError,
  createdAt: d.createdAt,
});

const attemptView = (a: typeof attempts.$inferSelect): AttemptView => ({
  id: a.id,
  deliveryId: a.deliveryId,
  messageId: a.messageId,
  endpointId: a.endpointId,
  number: a.number,
  trigger: a.trigger,
  url: a.url,
  requestHeaders: a.requestHeaders,
  requestBodySha256: a.requestBodySha256,
  succeeded: a.succeeded,
  responseStatus: a.responseStatus,
  responseHeaders: a.responseHeaders,
  responseBody: a.responseBody,
  responseBodyTruncated: a.responseBodyTruncated,
  durationMs: a.durationMs,
  errorClass: a.errorClass,
  errorMessage: a.errorMessage,
  createdAt: a.createdAt,
});

/**
 * Claims the event id for this message, or throws 409 `duplicate_event` naming the original message. An id older than
 * 24 hours that the purge has not yet removed is released here. Concurrent senders of one id serialise on the
 * primary key: the second waits for the first to commit, then sees its row.
 */
async function claimEventId(tx: Tx, workspaceId: string, eventId: string, messageId: string) {
  const claim = () =>
    tx.insert(messageEventIds).values({ workspaceId, eventId, messageId }).onConflictDoNothing().returning({ messageId: messageEventIds.messageId });
  if ((await claim()).length) return;
  const released = await tx
    .delete(messageEventIds)
    .where(
      and(
        eq(messageEventIds.workspaceId, workspaceId),
        eq(messageEventIds.eventId, eventId),
        lt(messageEventIds.createdAt, sql`now() - make_interval(secs => ${EVENT_ID_TTL_SECONDS})`),
      ),
    )
    .returning();
  if (released.length && (await claim()).length) return;
  const [original] = await tx
    .select({ messageId: messageEventIds.messageId })
    .from(messageEventIds)
    .where(and(eq(messageEventIds.workspaceId, workspaceId), eq(messageEventIds.eventId, eventId)));
  throw new AppError("duplicate_event", `A message with event id ${eventId} was already sent in the last 24 hours.`, {
    messageId: original?.messageId,
  });
}


/** Whether an endpoint receives a message: its type filter, its version pin and its content filter. */
export function endpointReceives(endpoint: EndpointRouting, message: { eventType: string; version: number; payload: unknown }): boolean {
  return (
    matchesEventType(endpoint.eventTypes, message.eventType) &&
    (endpoint.versionPin == null || endpoint.versionPin === message.version) &&
    matchesContentFilter(endpoint.contentFilter as ContentFilter | null, message.payload)
  );
}

/** When a new delivery's first attempt is due: the schedule's first delay, normally 0. */
export function firstAttemptAt(schedule: number[] | null, now: Date): Date {
  const delay = nextAttemptDelay({ attemptNumber: 0, schedule: schedule ?? undefined }) ?? 0;
  return new Date(now.getTime() + delay * 1000);
}

/**
 * One INSERT … WITH statement storing a message and its deliveries (any number: the values list grows, the round
 * trips do not). Workers are woken after it commits (dispatchCommitted).
 */
function insertMessageWithDeliveries(message: MessageRow, rows: { id: string; endpointId: string; nextAttemptAt: Date }[]): SQL {
  const storeMessage = sql`insert into messages (id, workspace_id, application_id, event_type, event_type_id, version, payload, event_id, created_at)
    values (${message.id}, ${message.workspaceId}, ${message.applicationId}, ${message.eventType}, ${message.eventTypeId}, ${message.version}, ${JSON.stringify(message.payload)}::jsonb, ${message.eventId}, ${message.createdAt.toISOString()}::timestamptz)`;
  if (rows.length === 0) return storeMessage;
  // The deliveries travel as one JSON parameter, so even a very wide fan-out stays within the parameter limit.
  const fanOut = JSON.stringify(rows.map((r) => ({ id: r.id, endpoint_id: r.endpointId, next_attempt_at: r.nextAttemptAt.toISOString() })));
  return sql`with stored as (${storeMessage} returning id),
    fanned as (
      insert into deliveries (id, workspace_id, message_id, endpoint_id, next_attempt_at, created_at, updated_at)
      select v.id, ${message.workspaceId}, stored.id, v.endpoint_id, v.next_attempt_at, ${message.createdAt.toISOString()}::timestamptz, ${message.createdAt.toISOString()}::timestamptz
      from json_to_recordset(${fanOut}::json) as v(id text, endpoint_id text, next_attempt_at timestamptz), stored
    )
    select 1`;
}

/** Throws 422 naming every failing path of the payload (prefixed "payload.", as in the request body). */
export function assertValidPayload(typeName: string, version: { id: string; version: number; schema: unknown }, payload: unknown) {
  const issues = validatePayload(version, payload);
  if (issues.length === 0) return;
  const withPrefix = issues.map((i) => ({ path: i.path === "(root)" ? "payload" : `payload.${i.path}`, message: i.message }));
  const summary = withPrefix.slice(0, 3).map((i) => `${i.path} ${i.message}`).join("; ");
  throw new AppError("validation_failed", `The payload does not match ${typeName} version ${version.version}: ${summary}.`, { issues: withPrefix });
}

export interface SendResult {
  message: MessageView;
  /** How many endpoints the message is being delivered to. */
  deliveryCount: number;
}

/**
 * Sends a message: validates the payload (422 naming the failing paths), claims the event id (409 on a repeat
 * within 24 hours), then in ONE transaction stores the message and a delivery for every enabled or paused endpoint
 * whose filters match: of the application it names, or of the whole workspace when it names none. An application
 * given as `{uid, name}` is created in that same transaction if the workspace has none with that uid. Paused
 * endpoints' deliveries wait until they are resumed; disabled endpoints get none.
 */
export async function sendMessage(input: z.input<typeof sendMessageSchema>, ctx: RequestContext, tx: Tx = db()): Promise<SendResult> {
  const data = sendMessageSchema.parse(input);
  const { eventType, version } = await resolveEventTypeVersion(data.eventType, data.version, ctx, tx);
  assertValidPayload(eventType.name, version, data.payload);

  // Routing is read first: an endpoint changed at this very moment is judged as it stood a moment ago.
  const candidates = await routableEndpoints(ctx.workspaceId, tx);
  const { application } = data;
  const named = typeof application === "string" ? await findApplication(tx, ctx, application) : undefined;

  // The message and its deliveries are one statement, so they commit together (or not at all) without a BEGIN/COMMIT
  // round trip each. An event id's claim or an application made on first use joins them in a transaction.
  const store = async (t: Tx) => {
    const applicationId = named?.id ?? (application && typeof application === "object" ? (await getOrCreateApplication(application, ctx, t)).id : null);
    const now = new Date();
    const message: MessageRow = { id: newId("msg"), workspaceId: ctx.workspaceId, applicationId, eventType: eventType.name, eventTypeId: eventType.id, version: version.version, payload: data.payload, eventId: data.eventId ?? null, broadcastId: null, createdAt: now };
    // An application made just now has no endpoints yet, so no candidate is its.
    const targets = candidates.filter((e) => (applicationId === null || e.applicationId === applicationId) && endpointReceives(e, message));
    const rows = targets.map((e) => ({ id: newId("dlv"), endpointId: e.id, nextAttemptAt: firstAttemptAt(e.retrySchedule, now) }));
    await t.execute(insertMessageWithDeliveries(message, rows));
    if (data.eventId) await claimEventId(t, ctx.workspaceId, data.eventId, message.id);
    return { message, rows };
  };
  const { message, rows } = data.eventId || (application && typeof application === "object") ? await tx.transaction(store) : await store(tx);
  const due = rows.map((r) => ({ deliveryId: r.id, endpointId: r.endpointId }));
  await dispatchCommitted(due);
  return { message: messageView(message), deliveryCount: due.length };
}

export const sendTestMessageSchema = z.object({
  endpointId: z.string().min(1),
  eventType: eventTypeNameSchema,
  /** Defaults to the event type's sample payload. */
  payload: payloadSchema.optional(),
});

/**
 * "Send test" on an endpoint page: a message of the given type delivered to this endpoint only, whatever its filters,
 * with the type's sample payload unless one is given. The payload is validated like any other.
 */
export async function sendTestMessage(input: z.input<typeof sendTestMessageSchema>, ctx: RequestContext, tx: Tx = db()): Promise<SendResult> {
  const data = sendTestMessageSchema.parse(input);
  const [endpoint] = await tx.select().from(endpoints).where(and(eq(endpoints.id, data.endpointId), eq(endpoints.workspaceId, ctx.workspaceId)));
  if (!endpoint) throw notFound("The endpoint");
  if (endpoint.status === "disabled") throw new AppError("conflict", "The endpoint is disabled; enable it to send a test.");
  const { eventType, version } = await resolveEventTypeVersion(data.eventType, undefined, ctx, tx);
  const payload = data.payload !== undefined ? data.payload : (version.samplePayload ?? {});
  assertValidPayload(eventType.name, version, payload);

  const result = await tx.transaction(async (t) => {
    const now = new Date();
    const [message] = await t
      .insert(messages)
      .values({ id: newId("msg"), workspaceId: ctx.workspaceId, applicationId: endpoint.applicationId, eventType: eventType.name, eventTypeId: eventType.id, version: version.version, payload, createdAt: now })
      .returning();
    const deliveryId = newId("dlv");
    await t.insert(deliveries).values({ id: deliveryId, workspaceId: ctx.workspaceId, messageId: message.id, endpointId: endpoint.id, nextAttemptAt: now, nextTrigger: "manual", createdAt: now, updatedAt: now });
    await notifyWorkers(t);
    await recordAudit(t, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "endpoint.send_test", target: { type: "endpoint", id: endpoint.id }, after: { messageId: message.id, eventType: eventType.name } });
    return { message, due: [{ deliveryId, endpointId: endpoint.id }] };
  });
  await dispatchCommitted(result.due);
  return { message: messageView(result.message), deliveryCount: 1 };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

const timeRange = {
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
};

export const listMessagesSchema = pageQuerySchema.extend({
  /** Only messages addressed to this application (id or uid); workspace-wide sends are not its. */
  application: applicationRefSchema.optional(),
  eventType: z.string().optional(),
  ...timeRange,
  /** The sender's event id, exactly. */
  eventId: z.string().trim().min(1).max(256).optional(),
  /** A message id or a sender's event id, exactly (the search box). */
  search: z.string().trim().min(1).max(256).optional(),
  /** Only messages with a delivery to this endpoint (in `status`, when both are given). */
  endpointId: z.string().min(1).optional(),
  /** Only messages with a delivery in this status. */
  status: z.enum(DELIVERY_STATUSES).optional(),
});

/**
 * A workspace's messages, newest first (keyset on created_at, id), optionally by event type, time, event id, a
 * search for a message or event id, and by the endpoint and status of their deliveries. The walk follows
 * messages_workspace_created (or messages_workspace_type_created with a type); an id search is a primary-key and
 * messages_workspace_event_id lookup; a delivery filter is a probe of deliveries_message_endpoint per message.
 */
export async function listMessages(input: z.input<typeof listMessagesSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { application, limit } = listMessagesSchema.parse(input);
  const applicationId = application ? (await findApplication(tx, ctx, application)).id : undefined;
  const rows = await listMessagesQuery(input, ctx, tx, applicationId);
  const page = toPage(rows, limit);
  return { data: page.data.map(messageView), nextCursor: page.nextCursor };
}

/**
 * The query behind listMessages (one page and one row more), apart so a test can EXPLAIN it. The application filter
 * arrives resolved to its id (listMessages answers 404 for an unknown one) and reads messages_application_created.
 */
export function listMessagesQuery(input: z.input<typeof listMessagesSchema>, ctx: RequestContext, tx: Tx = db(), applicationId?: string) {
  const { cursor, limit, eventType, since, until, eventId, search, endpointId, status } = listMessagesSchema.parse(input);
  const deliveryFilter = endpointId || status
    ? sql`exists (select 1 from ${deliveries} where ${deliveries.messageId} = ${messages.id}${endpointId ? sql` and ${deliveries.endpointId} = ${endpointId}` : sql``}${status ? sql` and ${deliveries.status} = ${status}` : sql``})`
    : undefined;
  return tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        applicationId ? eq(messages.applicationId, applicationId) : undefined,
        eventType ? eq(messages.eventType, eventType) : undefined,
        since ? gte(messages.createdAt, since) : undefined,
        until ? lt(messages.createdAt, until) : undefined,
        eventId ? eq(messages.eventId, eventId) : undefined,
        // The workspace repeated inside the branch lets each side of the OR use its own index (a BitmapOr).
        search ? or(eq(messages.id, search), and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.eventId, search))) : undefined,
        deliveryFilter,
        olderThan(cursor, messages.createdAt, messages.id),
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit + 1);
}

/**
 * The request body each attempt sent. It is not stored: every delivery of a message sends the same envelope, a
 * deterministic function of the stored message (renderBody, the function the worker signs), so it is rebuilt here
 * and checked against the sha256 recorded at sending. An attempt whose message is gone, or whose rebuilt body does
 * not match its hash, maps to null (only the hash is shown then).
 */
export async function sentBodies(list: Pick<AttemptView, "id" | "messageId" | "requestBodySha256">[], ctx: RequestContext, tx: Tx = db()): Promise<Map<string, string | null>> {
  const messageIds = [...new Set(list.map((a) => a.messageId))];
  if (messageIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: messages.id, eventType: messages.eventType, createdAt: messages.createdAt, payload: messages.payload })
    .from(messages)
    .where(and(eq(messages.workspaceId, ctx.workspaceId), inArray(messages.id, messageIds)));
  const bodies = new Map(rows.map((m) => [m.id, renderBody(m)]));
  return new Map(
    list.map((a) => {
      const body = bodies.get(a.messageId);
      return [a.id, body !== undefined && createHash("sha256").update(body).digest("hex") === a.requestBodySha256 ? body : null];
    }),
  );
}

/** One message with its deliveries. */
export async function getMessage(input: { id: string }, ctx: RequestContext, tx: Tx = db()): Promise<MessageView & { deliveries: DeliveryView[] }> {
  const [message] = await tx.select().from(messages).where(and(eq(messages.id, input.id), eq(messages.workspaceId, ctx.workspaceId)));
  if (!message) throw notFound("The message");
  const rows = await tx.select().from(deliveries).where(eq(deliveries.messageId, message.id)).orderBy(deliveries.createdAt, deliveries.id);
  return { ...messageView(message), deliveries: rows.map(deliveryView) };
}

export const listDeliveriesSchema = pageQuerySchema.extend({
  endpointId: z.string().optional(),
  messageId: z.string().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  ...timeRange,
});

/** Deliveries newest first, by endpoint and/or message, optionally by status and time. */
export async function listDeliveries(input: z.input<typeof listDeliveriesSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { cursor, limit, endpointId, messageId, status, since, until } = listDeliveriesSchema.parse(input);
  const rows = await tx
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.workspaceId, ctx.workspaceId),
        endpointId ? eq(deliveries.endpointId, endpointId) : undefined,
        messageId ? eq(deliveries.messageId, messageId) : undefined,
        status ? eq(deliveries.status, status) : undefined,
        since ? gte(deliveries.createdAt, since) : undefined,
        until ? lt(deliveries.createdAt, until) : undefined,
        olderThan(cursor, deliveries.createdAt, deliveries.id),
      ),
    )
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { data: page.data.map(deliveryView), nextCursor: page.nextCursor };
}

export const listAttemptsSchema = pageQuerySchema.extend({
  endpointId: z.string().optional(),
  messageId: z.string().optional(),
  deliveryId: z.string().optional(),
  outcome: z.enum(["succeeded", "failed"]).optional(),
  ...timeRange,
});

/**
 * The attempts log, newest first (keyset on created_at, id). Filtering by endpoint or message uses that scope's
 * index (attempts_endpoint_created, attempts_message_created); otherwise attempts_workspace_created.
 */
export async function listAttempts(input: z.input<typeof listAttemptsSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { cursor, limit, endpointId, messageId, deliveryId, outcome, since, until } = listAttemptsSchema.parse(input);
  const rows = await tx
    .select()
    .from(attempts)
    .where(
      and(
        eq(attempts.workspaceId, ctx.workspaceId),
        endpointId ? eq(attempts.endpointId, endpointId) : undefined,
        messageId ? eq(attempts.messageId, messageId) : undefined,
        deliveryId ? eq(attempts.deliveryId, deliveryId) : undefined,
        outcome ? eq(attempts.succeeded, outcome === "succeeded") : undefined,
        since ? gte(attempts.createdAt, since) : undefined,
        until ? lt(attempts.createdAt, until) : undefined,
        olderThan(cursor, attempts.createdAt, attempts.id),
      ),
    )
    .orderBy(desc(attempts.createdAt), desc(attempts.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { data: page.data.map(attemptView), nextCursor: page.nextCursor };
}

// ---------------------------------------------------------------------------------------------------------------
// Replay and recovery

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
  messageId: z.string().min(1),
  /** One endpoint (a delivery is created if the message never went there), or every endpoint it went to. */
  endpointId: z.string().min(1).optional(),
});

/**
 * Resends a message: to one endpoint, or to every endpoint that has a delivery of it. Each re-armed delivery makes one
 * manual attempt now; if that fails, retries continue from where its schedule stood (none after exhaustion).
 */
export async function replayMessage(input: z.input<typeof replayMessageSchema>, ctx: RequestContext, tx: Tx = db()): Promise<{ deliveryCount: number }> {
  const { messageId, endpointId } = replayMessageSchema.parse(input);
  const result = await tx.transaction(async (t) => {
    const [message] = await t.select({ id: messages.id }).from(messages).where(and(eq(messages.id, messageId), eq(messages.workspaceId, ctx.workspaceId)));
    if (!message) throw notFound("The message");
    const now = new Date();
    if (endpointId) {
      const [endpoint] = await t.select({ id: endpoints.id }).from(endpoints).where(and(eq(endpoints.id, endpointId), eq(endpoints.workspaceId, ctx.workspaceId)));
      if (!endpoint) throw notFound("The endpoint");
      await t
        .insert(deliveries)
        .values({ id: newId("dlv"), workspaceId: ctx.workspaceId, messageId, endpointId, nextAttemptAt: now, nextTrigger: "manual", createdAt: now, updatedAt: now })
        .onConflictDoNothing();
    }
    const rearmed = await t
      .update(deliveries)
      .set(rearm(now))
      .where(and(eq(deliveries.messageId, messageId), endpointId ? eq(deliveries.endpointId, endpointId) : undefined, notLeased(now)))
      .returning({ deliveryId: deliveries.id, endpointId: deliveries.endpointId });
    if (rearmed.length) await notifyWorkers(t);
    await recordAudit(t, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "message.replay", target: { type: "message", id: messageId }, after: { endpointId: endpointId ?? null, deliveries: rearmed.length } });
    return rearmed;
  });
  await dispatchCommitted(result);
  return { deliveryCount: result.length };
}

export const recoverSchema = z.object({
  endpointId: z.string().min(1),
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
    const [endpoint] = await t.select({ id: endpoints.id }).from(endpoints).where(and(eq(endpoints.id, endpointId), eq(endpoints.workspaceId, ctx.workspaceId)));
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

export const deliveryStatusCountsSchema = z.object({ endpointId: z.string().min(1), since: z.coerce.date() });

/** Deliveries of an endpoint created since a time, counted by status: the progress of a recovery. */
export async function deliveryStatusCounts(input: z.input<typeof deliveryStatusCountsSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { endpointId, since } = deliveryStatusCountsSchema.parse(input);
  const rows = await tx
    .select({ status: deliveries.status, count: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(and(eq(deliveries.workspaceId, ctx.workspaceId), eq(deliveries.endpointId, endpointId), gte(deliveries.createdAt, since)))
    .groupBy(deliveries.status);
  const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<(typeof DELIVERY_STATUSES)[number], number>;
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

/** Forgets event ids older than 24 hours (a scheduled job); returns how many. */
export async function purgeExpiredEventIds(tx: Tx = db()): Promise<number> {
  const purged = await tx
    .delete(messageEventIds)
    .where(lt(messageEventIds.createdAt, sql`now() - make_interval(secs => ${EVENT_ID_TTL_SECONDS})`))
    .returning({ eventId: messageEventIds.eventId });
  return purged.length;
}
