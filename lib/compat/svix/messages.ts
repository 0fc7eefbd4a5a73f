import { z } from "zod";
import { notFound, type RequestContext } from "@/lib/api";
import { getAttempt, getEndpoint, getMessage, getMessagesByIds, listAttempts, listDeliveries, listMessages, type MessageView, replayMessage, sendMessage } from "@/lib/outbound";
import { isId } from "@/lib/platform";
import { pathApplication } from "./applications";
import { pathEndpoint } from "./endpoints";
import { refuseQuery, unsupportedField } from "./errors";
import { pageOf, svixList, svixPage, svixTimeRange } from "./pagination";
import { attemptOutcome, deliveryStatusFilter, svixAttempt, svixDeliveryStatus, svixEndpoint, svixMessage, type SvixResult } from "./shapes";

/** Svix's message and message-attempt calls, over lib/outbound's sends, lists and replay. */

const withContent = (query: URLSearchParams) => query.get("with_content") === "true";

/** Svix's `event_types` filter (comma-separated): ours takes one type. */
function oneEventType(query: URLSearchParams): string | undefined {
  const types = query.get("event_types")?.split(",").filter(Boolean) ?? [];
  if (types.length > 1) throw unsupportedField("query.event_types", "Filtering by more than one event type");
  return types[0];
}

/** The message a path names, by id or by the sender's event id (Svix's message uid), of the application it names. */
async function pathMessage(appId: string, msgRef: string, ctx: RequestContext) {
  const app = await pathApplication(appId, ctx);
  let id = isId("msg", msgRef) ? msgRef : undefined;
  if (!id) id = (await listMessages({ application: app.id, eventId: msgRef, limit: 1 }, ctx)).data[0]?.id;
  if (!id) throw notFound("The message");
  const message = await getMessage({ id }, ctx);
  if (message.applicationId !== app.id) throw notFound("The message");
  return message;
}

const messageIn = z.object({
  eventType: z.string(),
  payload: z.unknown(),
  eventId: z.string().nullish(),
  application: z.object({ name: z.string(), uid: z.string().nullish(), throttleRate: z.number().int().nullish(), metadata: z.record(z.string(), z.string()).optional() }).nullish(),
  channels: z.array(z.string()).nullish(),
  tags: z.array(z.string()).nullish(),
  deliverAt: z.string().nullish(),
  transformationsParams: z.unknown().optional(),
  payloadRetentionPeriod: z.number().nullish(),
  payloadRetentionHours: z.number().nullish(),
});

/**
 * create: a send to the application the path names; with `application`, that application is made in the send's
 * transaction when the path's uid names none yet. A repeated `eventId` is a 409, as in Svix.
 */
export async function createSvixMessage(appId: string, body: unknown, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  const input = messageIn.parse(body);
  for (const field of ["channels", "tags"] as const) if (input[field]?.length) throw unsupportedField(field, `Message ${field}`);
  if (input.deliverAt) throw unsupportedField("deliverAt", "Scheduled delivery");
  if (input.transformationsParams != null) throw unsupportedField("transformationsParams", "Transformation parameters");
  if (input.payloadRetentionPeriod != null || input.payloadRetentionHours != null) throw unsupportedField("payloadRetentionPeriod", "A per-message retention period");
  const made = input.application;
  const application = made && !isId("app", appId) ? { uid: made.uid ?? appId, name: made.name, metadata: made.metadata, rateLimitPerSecond: made.throttleRate ?? undefined } : (await pathApplication(appId, ctx)).id;
  const { message } = await sendMessage({ application, eventType: input.eventType, payload: input.payload, eventId: input.eventId ?? undefined }, ctx);
  return { status: 202, body: svixMessage(message, withContent(query)) };
}

export async function listSvixMessages(appId: string, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  refuseQuery(query, ["channel", "tag"]);
  const app = await pathApplication(appId, ctx);
  const { data, nextCursor } = await listMessages({ ...svixPage(query), ...svixTimeRange(query), application: app.id, eventType: oneEventType(query) }, ctx);
  return { status: 200, body: svixList(data.map((m) => svixMessage(m, withContent(query))), nextCursor) };
}

export async function getSvixMessage(appId: string, msgRef: string, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  return { status: 200, body: svixMessage(await pathMessage(appId, msgRef, ctx), withContent(query)) };
}

/** Our attempt filters from Svix's query string; its filters we lack are refused. */
function attemptFilters(query: URLSearchParams) {
  refuseQuery(query, ["channel", "tag", "status_code_class"]);
  if (query.get("event_types")) throw unsupportedField("query.event_types", "Filtering attempts by event type");
  const outcome = attemptOutcome(query.get("status"));
  if (outcome === null) throw unsupportedField("query.status", "An attempt status other than 0 (success) or 2 (fail)");
  return { ...svixPage(query), ...svixTimeRange(query), outcome };
}

export async function listSvixAttemptsByMessage(appId: string, msgRef: string, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  const filters = attemptFilters(query);
  const message = await pathMessage(appId, msgRef, ctx);
  const endpointId = query.get("endpoint_id");
  if (endpointId !== null && !isId("ep", endpointId)) return { status: 200, body: svixList([], null) }; // names no endpoint: no attempts
  const { data, nextCursor } = await listAttempts({ ...filters, messageId: message.id, endpointId: endpointId ?? undefined }, ctx);
  return { status: 200, body: svixList(data.map((a) => svixAttempt(a)), nextCursor) };
}

export async function listSvixAttemptsByEndpoint(appId: string, endpointId: string, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  const filters = attemptFilters(query);
  const endpoint = await pathEndpoint(appId, endpointId, ctx);
  const { data, nextCursor } = await listAttempts({ ...filters, endpointId: endpoint.id }, ctx);
  const messages = query.get("with_msg") === "true" ? new Map((await getMessagesByIds({ ids: [...new Set(data.map((a) => a.messageId))] }, ctx)).map((m) => [m.id, m])) : undefined;
  return { status: 200, body: svixList(data.map((a) => svixAttempt(a, messages?.get(a.messageId))), nextCursor) };
}

/** listAttemptedMessages: the endpoint's deliveries, newest first, each as its message with the delivery's status. */
export async function listSvixAttemptedMessages(appId: string, endpointId: string, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  refuseQuery(query, ["channel", "tag"]);
  if (query.get("event_types")) throw unsupportedField("query.event_types", "Filtering by event type");
  const status = deliveryStatusFilter(query.get("status"));
  if (status === null) throw unsupportedField("query.status", "This status filter");
  const endpoint = await pathEndpoint(appId, endpointId, ctx);
  const { data, nextCursor } = await listDeliveries({ ...svixPage(query), ...svixTimeRange(query), endpointId: endpoint.id, status }, ctx);
  const messages = new Map((await getMessagesByIds({ ids: data.map((d) => d.messageId) }, ctx)).map((m): [string, MessageView] => [m.id, m]));
  const rows = data.flatMap((d) => {
    const message = messages.get(d.messageId);
    return message ? [{ ...svixMessage(message, withContent(query)), ...svixDeliveryStatus(d) }] : [];
  });
  return { status: 200, body: svixList(rows, nextCursor) };
}

/** listAttemptedDestinations: every endpoint the message went to, with that delivery's status. */
export async function listSvixAttemptedDestinations(appId: string, msgRef: string, query: URLSearchParams, ctx: RequestContext): Promise<SvixResult> {
  const message = await pathMessage(appId, msgRef, ctx);
  const rows = await Promise.all(message.deliveries.map(async (d) => ({ ...svixEndpoint(await getEndpoint({ id: d.endpointId }, ctx)), ...svixDeliveryStatus(d) })));
  return { status: 200, body: pageOf(rows, svixPage(query)) };
}

export async function getSvixAttempt(appId: string, msgRef: string, attemptId: string, ctx: RequestContext): Promise<SvixResult> {
  const message = await pathMessage(appId, msgRef, ctx);
  if (!isId("att", attemptId)) throw notFound("The attempt");
  return { status: 200, body: svixAttempt(await getAttempt({ id: attemptId, messageId: message.id }, ctx)) };
}

/** resend: the message to that endpoint again now (a delivery is made if it never went there). */
export async function resendSvixMessage(appId: string, msgRef: string, endpointId: string, ctx: RequestContext): Promise<SvixResult> {
  const message = await pathMessage(appId, msgRef, ctx);
  const endpoint = await pathEndpoint(appId, endpointId, ctx);
  await replayMessage({ messageId: message.id, endpointId: endpoint.id }, ctx);
  return { status: 202, body: {} };
}
