import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { deliveries, endpoints, messages } from "@/db/schema";
import { AppError, MAX_JSON_DEPTH, notFound, type RequestContext, valueNestsDeeperThan } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { dispatchCommitted, notifyWorkers } from "@/lib/outbound/driver";
import { matchesContentFilter, matchesEventType, type ContentFilter } from "@/lib/outbound/filters";
import { nextAttemptDelay } from "@/lib/outbound/retry-schedule";
import { routableEndpoints, type EndpointRouting } from "@/lib/outbound/fan-out";
import { env, newId } from "@/lib/platform";
import { eventTypeNameSchema, resolveEventTypeVersion } from "@/lib/outbound/event-types";
import { validatePayload } from "@/lib/outbound/event-schemas";
import { applicationInSendSchema, findApplication, getOrCreateApplication, inActorApplication } from "@/lib/applications";
import { claimEventId } from "@/lib/outbound/event-ids";
import { message as messageOut, type MessageView } from "@/lib/outbound/schemas";
import { type Id, idSchema } from "@/lib/platform/id-types";

type MessageRow = typeof messages.$inferSelect;

/**
 * Sending messages (the outbox): a message is stored once; each matching endpoint gets a delivery row in the same
 * transaction, and the dispatcher (worker or Inngest) takes it from there. Also the endpoint page's test send.
 */

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

/**
 * A broadcast's body (lib/outbound/broadcast.ts): a send's, to every application. Built here, beside the send's, so that
 * broadcast.ts uses no binding of this module while loading (the two meet in an import cycle through lib/applications).
 */
export const sendBroadcastSchema = sendMessageSchema.omit({ application: true });

/**
 * Whether an endpoint receives a message: its type filter, its version pin and its content filter. A pinned endpoint
 * speaks that version: it gets messages of at least min(pin, the type's latest version), newer ones converted down
 * when sent (lib/payloads/versions.ts); an older one would be a shape it does not speak.
 */
export function endpointReceives(endpoint: EndpointRouting, message: { eventType: string; version: number; payload: unknown }, latestVersion: number): boolean {
  return (
    matchesEventType(endpoint.eventTypes, message.eventType) &&
    (endpoint.versionPin == null || message.version >= Math.min(endpoint.versionPin, latestVersion)) &&
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
function insertMessageWithDeliveries(message: MessageRow, rows: { id: Id<"dlv">; endpointId: Id<"ep">; nextAttemptAt: Date }[]): SQL {
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
  const { eventType, version, latestVersion } = await resolveEventTypeVersion(data.eventType, data.version, ctx, tx);
  assertValidPayload(eventType.name, version, data.payload);

  // Routing is read first: an endpoint changed at this very moment is judged as it stood a moment ago.
  const candidates = await routableEndpoints(ctx.workspaceId, tx);
  // An actor limited to one application sends to it when it names none (and naming another is "not found").
  const application = data.application ?? ctx.applicationId ?? undefined;
  const named = typeof application === "string" ? await findApplication(tx, ctx, application) : undefined;

  // The message and its deliveries are one statement, so they commit together (or not at all) without a BEGIN/COMMIT
  // round trip each. An event id's claim or an application made on first use joins them in a transaction.
  const store = async (t: Tx) => {
    const applicationId = named?.id ?? (application && typeof application === "object" ? (await getOrCreateApplication(application, ctx, t)).id : null);
    const now = new Date();
    const message: MessageRow = { id: newId("msg"), workspaceId: ctx.workspaceId, applicationId, eventType: eventType.name, eventTypeId: eventType.id, version: version.version, payload: data.payload, eventId: data.eventId ?? null, broadcastId: null, sourceId: null, payloadPurgedAt: null, createdAt: now };
    // An application made just now has no endpoints yet, so no candidate is its.
    const targets = candidates.filter((e) => (applicationId === null || e.applicationId === applicationId) && endpointReceives(e, message, latestVersion));
    const rows = targets.map((e) => ({ id: newId("dlv"), endpointId: e.id, nextAttemptAt: firstAttemptAt(e.retrySchedule, now) }));
    await t.execute(insertMessageWithDeliveries(message, rows));
    if (data.eventId) await claimEventId(t, ctx.workspaceId, data.eventId, message.id);
    return { message, rows };
  };
  const { message, rows } = data.eventId || (application && typeof application === "object") ? await tx.transaction(store) : await store(tx);
  const due = rows.map((r) => ({ deliveryId: r.id, endpointId: r.endpointId }));
  await dispatchCommitted(due);
  return { message: messageOut.parse(message), deliveryCount: due.length };
}

export const sendTestMessageSchema = z.object({
  endpointId: idSchema("ep"),
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
  const [endpoint] = await tx.select().from(endpoints).where(and(eq(endpoints.id, data.endpointId), eq(endpoints.workspaceId, ctx.workspaceId), inActorApplication(ctx, endpoints.applicationId)));
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
  return { message: messageOut.parse(result.message), deliveryCount: 1 };
}
