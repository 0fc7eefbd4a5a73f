import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { endpoints, INBOUND_VERDICTS, inboundRequests, sources, tunnelResponses } from "@/db/schema";
import { AppError, notFound, pageQuerySchema, type RequestContext } from "@/lib/api";
import { recordAudit } from "@/lib/audit";
import { dispatchCommitted } from "@/lib/outbound";
import { type Id, idSchema, isId } from "@/lib/platform";
import { HOP_HEADERS, redactCredentialHeaders, sendWebhook, targetPolicyFor } from "@/lib/net";
import { announce, isWatched } from "@/lib/inbound/live";
import { planRouting, writeRouting } from "@/lib/inbound/connection-routing";
import { requestContext } from "@/lib/inbound/transform";
import { type InboundRequestView, tunnelResponseOut, type TunnelResponseView } from "@/lib/inbound/schemas";

/** Reading a source's inbound requests, recording what a tunnel's local target answered, and replaying requests. */

/** The headers to send when re-sending a stored request somewhere else. */
export function forwardableHeaders(headers: readonly [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!HOP_HEADERS.has(lower)) out[lower] = out[lower] ? `${out[lower]}, ${value}` : value;
  }
  return out;
}

type RequestRow = typeof inboundRequests.$inferSelect;

export const requestView = (row: RequestRow): InboundRequestView => ({
  id: row.id,
  sourceId: row.sourceId,
  seq: row.seq,
  method: row.method,
  path: row.path,
  query: row.query,
  // Stored redacted since the receiver learned to; this also covers requests stored before that.
  headers: redactCredentialHeaders(row.headers),
  body: row.body ? row.body.toString("base64") : null,
  bodyPurged: row.bodyPurgedAt !== null,
  bodySize: row.bodySize,
  ip: row.ip,
  verdict: row.verdict,
  status: row.status,
  reason: row.reason,
  detail: row.detail,
  deliveryId: row.deliveryId,
  duplicateCount: row.duplicateCount,
  lastDuplicateAt: row.lastDuplicateAt,
  messageIds: row.messageIds,
  createdAt: row.createdAt,
});


async function findSourceRow(tx: Tx, ctx: RequestContext, id: Id<"src">) {
  const [row] = await tx.select().from(sources).where(and(eq(sources.id, id), eq(sources.workspaceId, ctx.workspaceId)));
  if (!row) throw notFound("The source");
  return row;
}

/** The request `id` names; an id of another kind names none (not_found, as an unknown one). */
async function findRequest(tx: Tx, ctx: RequestContext, id: Id<"req">): Promise<RequestRow> {
  if (!isId("req", id)) throw notFound("The request");
  const [row] = await tx.select().from(inboundRequests).where(and(eq(inboundRequests.id, id), eq(inboundRequests.workspaceId, ctx.workspaceId)));
  if (!row) throw notFound("The request");
  return row;
}

export const listRequestsSchema = pageQuerySchema.extend({
  sourceId: idSchema("src"),
  verdict: z.enum(INBOUND_VERDICTS).optional(),
});

// A request-log cursor is the sequence number of the last row returned, opaque to callers.
const encodeSeqCursor = (seq: number) => Buffer.from(`seq:${seq}`).toString("base64url");

function decodeSeqCursor(cursor: string): number {
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw new AppError("bad_request", "The cursor is not valid; pass back the nextCursor of a previous page.");
  return Number(match[1]);
}

/** A source's requests, newest first: keyset on seq over inbound_requests_source_seq, the index the stream uses too. */
export async function listInboundRequests(input: z.input<typeof listRequestsSchema>, ctx: RequestContext, tx: Tx = db()) {
  const { sourceId, verdict, cursor, limit } = listRequestsSchema.parse(input);
  await findSourceRow(tx, ctx, sourceId);
  const rows = await tx
    .select()
    .from(inboundRequests)
    .where(
      and(
        eq(inboundRequests.sourceId, sourceId),
        verdict ? eq(inboundRequests.verdict, verdict) : undefined,
        cursor ? lt(inboundRequests.seq, decodeSeqCursor(cursor)) : undefined,
      ),
    )
    .orderBy(desc(inboundRequests.seq))
    .limit(limit + 1);
  const data = rows.slice(0, limit);
  return { data: data.map(requestView), nextCursor: rows.length > limit ? encodeSeqCursor(data[data.length - 1].seq) : null };
}

/** One request with what each tunnel's local target answered for it. */
export async function getInboundRequest(input: { id: Id<"req"> }, ctx: RequestContext, tx: Tx = db()) {
  const row = await findRequest(tx, ctx, input.id);
  const responses = await tx.select().from(tunnelResponses).where(eq(tunnelResponses.requestId, row.id)).orderBy(asc(tunnelResponses.createdAt));
  return { ...requestView(row), tunnelResponses: responses.map((r) => tunnelResponseOut.parse(r)) };
}

/** The tunnel answers for several requests of the workspace at once, for a page of the inspector. */
export async function tunnelResponsesFor(requestIds: Id<"req">[], ctx: RequestContext, tx: Tx = db()): Promise<TunnelResponseView[]> {
  if (requestIds.length === 0) return [];
  const rows = await tx
    .select()
    .from(tunnelResponses)
    .where(and(inArray(tunnelResponses.requestId, requestIds), eq(tunnelResponses.workspaceId, ctx.workspaceId)))
    .orderBy(asc(tunnelResponses.createdAt));
  return rows.map((r) => tunnelResponseOut.parse(r));
}

export const MAX_TUNNEL_BODY_CHARS = 20 * 1024;

export const tunnelResponseSchema = z.object({
  sourceId: idSchema("src"),
  requestId: idSchema("req"),
  /** Which `listen` process answered; the stream resumes each listener from its own answers. */
  listener: z.string().trim().min(1).max(100),
  targetUrl: z.string().max(2000),
  status: z.number().int().min(100).max(599).nullable(),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().default(""),
  durationMs: z.number().int().min(0).max(3_600_000),
  error: z.string().max(2000).nullable().default(null),
});

/** Stores what a tunnel's local target answered (a repeat from the same listener replaces it) and tells the inspector. */
export async function recordTunnelResponse(input: z.input<typeof tunnelResponseSchema>, ctx: RequestContext, tx: Tx = db()): Promise<TunnelResponseView> {
  const data = tunnelResponseSchema.parse(input);
  const request = await findRequest(tx, ctx, data.requestId);
  if (request.sourceId !== data.sourceId) throw notFound("The request");
  const values = {
    ...data,
    requestId: request.id,
    workspaceId: ctx.workspaceId,
    requestSeq: request.seq,
    body: data.body.slice(0, MAX_TUNNEL_BODY_CHARS),
    bodyTruncated: data.body.length > MAX_TUNNEL_BODY_CHARS,
  };
  const [row] = await tx
    .insert(tunnelResponses)
    .values(values)
    .onConflictDoUpdate({ target: [tunnelResponses.requestId, tunnelResponses.listener], set: { ...values, createdAt: new Date() } })
    .returning();
  const [source] = await tx.select({ id: sources.id, liveUntil: sources.liveUntil }).from(sources).where(eq(sources.id, request.sourceId));
  if (source && isWatched(source)) void announce({ kind: "response", sourceId: source.id, requestId: row.requestId, listener: row.listener });
  return tunnelResponseOut.parse(row);
}

export const replaySchema = z.union([
  z.object({ id: idSchema("req"), endpointId: idSchema("ep") }),
  z.object({ id: idSchema("req"), url: z.string().trim().min(1).max(2000) }),
]);

export type ReplayResult =
  | { kind: "endpoint"; messageId: Id<"msg">; endpointId: Id<"ep"> }
  | { kind: "url"; url: string; ok: boolean; status: number | null; headers: Record<string, string>; body: string; durationMs: number; error: string | null };

/**
 * Replays a stored request: to an endpoint, as an outbound message through the outbox (signed with the endpoint's
 * secret, retried like any other); or to any URL, re-sent as it arrived through the SSRF-safe client.
 */
export async function replayInboundRequest(input: z.input<typeof replaySchema>, ctx: RequestContext, tx: Tx = db()): Promise<ReplayResult> {
  const data = replaySchema.parse(input);
  const request = await findRequest(tx, ctx, data.id);
  if (request.bodyPurgedAt) throw new AppError("conflict", "The request's body was purged by the workspace's retention settings, so it cannot be replayed.");
  const body = request.body ?? Buffer.alloc(0);

  if ("endpointId" in data) {
    const source = await findSourceRow(tx, ctx, request.sourceId);
    const { messageId, due } = await tx.transaction(async (t) => {
      const [endpoint] = await t
        .select({ id: endpoints.id, retrySchedule: endpoints.retrySchedule })
        .from(endpoints)
        .where(and(eq(endpoints.id, data.endpointId), eq(endpoints.workspaceId, ctx.workspaceId)));
      if (!endpoint) throw notFound("The endpoint");
      const context = requestContext({ ...request, body });
      const [planned] = (await planRouting(source.provider, [{ id: "replay", endpointId: endpoint.id, filter: null, transform: null, transformation: null, endpointUrl: "", retrySchedule: endpoint.retrySchedule }], context)).messages;
      const due = await writeRouting(t, { workspaceId: ctx.workspaceId, id: request.sourceId }, request.id, [planned]);
      await t
        .update(inboundRequests)
        .set({ messageIds: sql`array_append(${inboundRequests.messageIds}, ${planned.messageId})` })
        .where(and(eq(inboundRequests.id, request.id), eq(inboundRequests.workspaceId, ctx.workspaceId)));
      await recordAudit(t, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "inbound_request.replay", target: { type: "inbound_request", id: request.id }, after: { endpointId: endpoint.id, messageId: planned.messageId } });
      return { messageId: planned.messageId, due };
    });
    await dispatchCommitted(due);
    return { kind: "endpoint", messageId, endpointId: data.endpointId };
  }

  const withBody = !["GET", "HEAD"].includes(request.method);
  const policy = await targetPolicyFor(ctx.workspaceId, tx);
  const result = await sendWebhook({ url: data.url, method: request.method, headers: forwardableHeaders(request.headers), body: withBody ? body : undefined, policy });
  await recordAudit(tx, { workspaceId: ctx.workspaceId, actor: ctx.actor, request: ctx.request, action: "inbound_request.replay", target: { type: "inbound_request", id: request.id }, after: { url: data.url, status: result.status ?? null, error: result.errorClass ?? null } });
  return {
    kind: "url",
    url: data.url,
    ok: result.ok,
    status: result.status ?? null,
    headers: result.headers ?? {},
    body: result.body ?? "",
    durationMs: result.durationMs,
    error: result.errorMessage ?? null,
  };
}
