import { and, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { attempts, deliveries, DELIVERY_STATUSES, messages } from "@/db/schema";
import { newestFirst, notFound, olderThan, pageQuerySchema, type RequestContext, toPage } from "@/lib/api";
import { renderBody } from "@/lib/outbound/attempt";
import { looksLikePayloadQuery, parsePayloadQuery } from "@/lib/outbound/payload-query";
import { applicationRefSchema, findApplication, inActorApplication, throughActorEndpoint } from "@/lib/applications";
import { attempt as attemptOut, type AttemptView, delivery as deliveryOut, type DeliveryView, message as messageOut, type MessageView } from "@/lib/outbound/schemas";
import { type Id, idSchema, isId } from "@/lib/platform/id-types";

/** Reading messages back with their deliveries and attempts: the lists of the API and the dashboard. */

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
  /**
   * The search box: a message id or a sender's event id, exactly; or a payload field, `data.customer.id = "cus_1"`
   * (any text with `=`, see payloadQuery).
   */
  search: z.string().trim().min(1).max(1024).optional(),
  /** Only messages whose payload holds this value at this path: `data.customer.id = "cus_1"` (JSON containment). */
  payload: z
    .string()
    .trim()
    .min(1)
    .max(1024)
    .superRefine((text, issue) => {
      const parsed = parsePayloadQuery(text);
      if (!parsed.ok) issue.addIssue({ code: "custom", message: parsed.error });
    })
    .optional(),
  /** Only messages made by this inbound source's requests. */
  source: idSchema("src").optional(),
  /** Only messages with a delivery to this endpoint (in `status`, when both are given). */
  endpointId: idSchema("ep").optional(),
  /** Only messages with a delivery in this status. */
  status: z.enum(DELIVERY_STATUSES).optional(),
});

/**
 * A workspace's messages, newest first (keyset on created_at, id), optionally by event type, time, event id, source,
 * a search for a message or event id or a payload field, and by the endpoint and status of their deliveries. The walk
 * follows messages_workspace_created (or messages_workspace_type_created with a type, messages_source_created with a
 * source); an id search is a primary-key and messages_workspace_event_id lookup; a payload search is a bitmap scan of
 * messages_payload (GIN); a delivery filter is a probe of deliveries_message_endpoint per message.
 */
export async function listMessages(input: z.input<typeof listMessagesSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { application, limit } = listMessagesSchema.parse(input);
  const applicationId = application ? (await findApplication(tx, ctx, application)).id : undefined;
  const rows = await listMessagesQuery(input, ctx, tx, applicationId);
  const page = toPage(rows, limit);
  return { data: page.data.map((row) => messageOut.parse(row)), nextCursor: page.nextCursor };
}

/**
 * The query behind listMessages (one page and one row more), apart so a test can EXPLAIN it. The application filter
 * arrives resolved to its id (listMessages answers 404 for an unknown one) and reads messages_application_created.
 */
export function listMessagesQuery(input: z.input<typeof listMessagesSchema>, ctx: RequestContext, tx: Tx = db(), applicationId?: Id<"app">) {
  const { cursor, limit, eventType, since, until, eventId, search: box, payload, endpointId, status, source } = listMessagesSchema.parse(input);
  // A search with `=` is a payload search; one that does not parse finds nothing rather than everything.
  const payloadText = payload ?? (box && looksLikePayloadQuery(box) ? box : undefined);
  const search = payloadText === box ? undefined : box;
  const payloadQuery = payloadText ? parsePayloadQuery(payloadText) : undefined;
  const ownEndpoints = throughActorEndpoint(ctx, deliveries.endpointId);
  const deliveryFilter = endpointId || status
    ? sql`exists (select 1 from ${deliveries} where ${deliveries.messageId} = ${messages.id}${endpointId ? sql` and ${deliveries.endpointId} = ${endpointId}` : sql``}${status ? sql` and ${deliveries.status} = ${status}` : sql``}${ownEndpoints ? sql` and ${ownEndpoints}` : sql``})`
    : undefined;
  return tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ctx.workspaceId),
        // A limited actor's messages are those sent to its application: a workspace-wide send is no one application's.
        inActorApplication(ctx, messages.applicationId),
        applicationId ? eq(messages.applicationId, applicationId) : undefined,
        eventType ? eq(messages.eventType, eventType) : undefined,
        since ? gte(messages.createdAt, since) : undefined,
        until ? lt(messages.createdAt, until) : undefined,
        eventId ? eq(messages.eventId, eventId) : undefined,
        // The workspace repeated inside the branch lets each side of the OR use its own index (a BitmapOr).
        search ? or(isId("msg", search) ? eq(messages.id, search) : undefined, and(eq(messages.workspaceId, ctx.workspaceId), eq(messages.eventId, search))) : undefined,
        source ? eq(messages.sourceId, source) : undefined,
        payloadQuery ? (payloadQuery.ok ? sql`${messages.payload} @> ${JSON.stringify(payloadQuery.containment)}::jsonb` : sql`false`) : undefined,
        deliveryFilter,
        olderThan(cursor, messages.createdAt, messages.id),
      ),
    )
    .orderBy(...newestFirst(messages.createdAt, messages.id))
    .limit(limit + 1);
}

/**
 * The request body each attempt sent (for attempts a core function listed, so already limited to the actor's
 * application: a workspace-wide message's body is shown for the attempt that sent it to the application's endpoint). It is not stored: every delivery of a message sends the same envelope, a
 * deterministic function of the stored message (renderBody, the function the worker signs), so it is rebuilt here
 * and checked against the sha256 recorded at sending. An attempt whose message is gone, or whose rebuilt body does
 * not match its hash, maps to null (only the hash is shown then); one whose message's payload the retention purge
 * cleared maps to `{ purgedAt }`.
 */
export async function sentBodies(list: Pick<AttemptView, "id" | "messageId" | "requestBodySha256">[], ctx: RequestContext, tx: Tx = db()): Promise<Map<string, SentBody>> {
  const messageIds = [...new Set(list.map((a) => a.messageId))];
  if (messageIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: messages.id, eventType: messages.eventType, createdAt: messages.createdAt, payload: messages.payload, payloadPurgedAt: messages.payloadPurgedAt })
    .from(messages)
    .where(and(eq(messages.workspaceId, ctx.workspaceId), inArray(messages.id, messageIds)));
  const bodies = new Map(rows.map((m): [string, SentBody] => [m.id, m.payloadPurgedAt ? { purgedAt: m.payloadPurgedAt } : renderBody(m)]));
  return new Map(
    list.map((a): [string, SentBody] => {
      const body = bodies.get(a.messageId);
      if (typeof body !== "string") return [a.id, body ?? null];
      return [a.id, createHash("sha256").update(body).digest("hex") === a.requestBodySha256 ? body : null];
    }),
  );
}

/** An attempt's request body: as sent, null when only its hash is known, or purged with its message's payload. */
export type SentBody = string | null | { purgedAt: Date };

/** One message with its deliveries. */
export async function getMessage(input: { id: Id<"msg"> }, ctx: RequestContext, tx: Tx = db()): Promise<MessageView & { deliveries: DeliveryView[] }> {
  const [message] = await tx.select().from(messages).where(and(eq(messages.id, input.id), eq(messages.workspaceId, ctx.workspaceId), inActorApplication(ctx, messages.applicationId)));
  if (!message) throw notFound("The message");
  const rows = await tx.select().from(deliveries).where(and(eq(deliveries.messageId, message.id), throughActorEndpoint(ctx, deliveries.endpointId))).orderBy(deliveries.createdAt, deliveries.id);
  return { ...messageOut.parse(message), deliveries: rows.map((row) => deliveryOut.parse(row)) };
}

/** Messages by id (those the actor may see; any other id is left out), in no particular order. */
export async function getMessagesByIds(input: { ids: Id<"msg">[] }, ctx: RequestContext, tx: Tx = db()): Promise<MessageView[]> {
  if (input.ids.length === 0) return [];
  const rows = await tx.select().from(messages).where(and(eq(messages.workspaceId, ctx.workspaceId), inArray(messages.id, input.ids), inActorApplication(ctx, messages.applicationId)));
  return rows.map((row) => messageOut.parse(row));
}

/** One attempt, of the given message when one is named. */
export async function getAttempt(input: { id: Id<"att">; messageId?: Id<"msg"> }, ctx: RequestContext, tx: Tx = db()): Promise<AttemptView> {
  const [row] = await tx
    .select()
    .from(attempts)
    .where(and(eq(attempts.id, input.id), eq(attempts.workspaceId, ctx.workspaceId), throughActorEndpoint(ctx, attempts.endpointId), input.messageId ? eq(attempts.messageId, input.messageId) : undefined));
  if (!row) throw notFound("The attempt");
  return attemptOut.parse(row);
}

export const listDeliveriesSchema = pageQuerySchema.extend({
  endpointId: idSchema("ep").optional(),
  messageId: idSchema("msg").optional(),
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
        throughActorEndpoint(ctx, deliveries.endpointId),
        endpointId ? eq(deliveries.endpointId, endpointId) : undefined,
        messageId ? eq(deliveries.messageId, messageId) : undefined,
        status ? eq(deliveries.status, status) : undefined,
        since ? gte(deliveries.createdAt, since) : undefined,
        until ? lt(deliveries.createdAt, until) : undefined,
        olderThan(cursor, deliveries.createdAt, deliveries.id),
      ),
    )
    .orderBy(...newestFirst(deliveries.createdAt, deliveries.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { data: page.data.map((row) => deliveryOut.parse(row)), nextCursor: page.nextCursor };
}

export const listAttemptsSchema = pageQuerySchema.extend({
  endpointId: idSchema("ep").optional(),
  messageId: idSchema("msg").optional(),
  deliveryId: idSchema("dlv").optional(),
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
        throughActorEndpoint(ctx, attempts.endpointId),
        endpointId ? eq(attempts.endpointId, endpointId) : undefined,
        messageId ? eq(attempts.messageId, messageId) : undefined,
        deliveryId ? eq(attempts.deliveryId, deliveryId) : undefined,
        outcome ? eq(attempts.succeeded, outcome === "succeeded") : undefined,
        since ? gte(attempts.createdAt, since) : undefined,
        until ? lt(attempts.createdAt, until) : undefined,
        olderThan(cursor, attempts.createdAt, attempts.id),
      ),
    )
    .orderBy(...newestFirst(attempts.createdAt, attempts.id))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { data: page.data.map((row) => attemptOut.parse(row)), nextCursor: page.nextCursor };
}
