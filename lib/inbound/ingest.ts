import { eq, sql as sqlExpr } from "drizzle-orm";
import { db, sql } from "@/db";
import { inboundRequests, sources } from "@/db/schema";
import { DATABASE_RETRY_AFTER_SECONDS, ERROR_STATUS, type ErrorCode, isDatabaseUnavailable } from "@/lib/api";
import { env, type Id, newId, rateLimit, rateLimitHeaders, withDatabaseDeadline } from "@/lib/platform";
import { dispatchCommitted, validatePayload } from "@/lib/outbound";
import { decodeContentEncoding, ipInCidrList, readCappedBody, redactCredentialHeaders, requestIp } from "@/lib/net";
import { announce, isWatched } from "@/lib/inbound/live";
import { planRouting, writeRouting, type RoutingPlan } from "@/lib/inbound/connection-routing";
import { receivingSource, type ReceivingSource } from "@/lib/inbound/source-cache";
import { verifyInbound } from "@/lib/signing";
import { parseBody, requestContext } from "@/lib/inbound/transform";
import { elapsedMs, log, observeInboundRequest } from "@/lib/monitoring";

/**
 * The inbound receiver (DESIGN §2, inbound): `POST /in/<token>`.
 *
 *   1. read the raw bytes under the source's cap, then undo Content-Encoding under the same cap
 *   2. check the IP allowlist and the per-source rate limit
 *   3. verify the signature on the bytes, before anything parses them
 *   4. optionally check the body against the source's JSON Schema, and drop repeated delivery ids
 *   5. store the request (and the messages its connections make of it) in one statement or transaction
 *   6. answer 200; announce it to live streams
 *
 * A rejected request is answered 4xx with a short reason and stored with its verdict and a full explanation, so
 * nothing is silently dropped. A request that cannot be stored is never answered 2xx: the sender gets 503 and retries.
 */

/** Rejected requests stored per source per minute; more are only counted, so a flood cannot fill the database. */
const REJECTION_LOG_RULE = { limit: 300, windowSeconds: 60 };
/** Of a rejected body only the start is kept (with its full size): enough to see what arrived, not a way to fill disks. */
export const REJECTED_BODY_KEPT_BYTES = 64 * 1024;

type RequestBase = {
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  ip: string | null;
};

function errorResponse(status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** Rejections beyond the storage limit, counted in memory and added to the source's counter every few seconds. */
const unstored = new Map<Id<"src">, number>();
let flushTimer: NodeJS.Timeout | undefined;

/** Adds the counted rejections to their sources now (the timer does it every few seconds). */
export async function flushRejectionCounts() {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  const counts = [...unstored];
  unstored.clear();
  for (const [sourceId, count] of counts) {
    await db()
      .update(sources)
      .set({ rejectionsNotStored: sqlExpr`${sources.rejectionsNotStored} + ${count}` })
      .where(eq(sources.id, sourceId))
      .catch(() => {});
  }
}

function countUnstored(sourceId: Id<"src">) {
  unstored.set(sourceId, (unstored.get(sourceId) ?? 0) + 1);
  flushTimer ??= setTimeout(() => void flushRejectionCounts(), 5_000).unref();
}

interface Rejection {
  status: number;
  code: ErrorCode;
  /** The machine reason stored with the request, e.g. "timestamp_too_old". */
  reason: string;
  /** What the sender is told: short, and free of anything about the source's configuration. */
  message: string;
  /** What the dashboard shows: the full explanation. */
  detail: string;
  headers?: Record<string, string>;
}

async function reject(seen: Seen, source: ReceivingSource, base: RequestBase, body: Buffer | null, bodySize: number, rejection: Rejection): Promise<Response> {
  const id = newId("req");
  seen.reason = rejection.reason;
  try {
    const logged = await rateLimit("inbound-rejections", source.id, REJECTION_LOG_RULE);
    if (logged.success) {
      const kept = body && body.length > REJECTED_BODY_KEPT_BYTES ? body.subarray(0, REJECTED_BODY_KEPT_BYTES) : body;
      await insertRequest({ id, workspaceId: source.workspaceId, sourceId: source.id, ...base, body: kept, bodySize, verdict: "rejected", status: rejection.status, reason: rejection.reason, detail: rejection.detail, deliveryId: null, dedupKey: null });
      if (isWatched(source)) void announce({ kind: "request", sourceId: source.id, id });
    } else {
      countUnstored(source.id);
    }
  } catch (error) {
    // The answer stays the rejection: the sender's request was refused whether or not the record of it was kept.
    log().error({ sourceId: source.id, reason: (error as Error).message }, "could not store a rejected inbound request");
  }
  return errorResponse(rejection.status, rejection.code, rejection.message, { "x-switchboard-request-id": id, ...rejection.headers });
}

/** The URL the provider called, as it saw it: Twilio signs it. APP_URL is the public origin. */
function publicUrl(url: URL): string {
  return new URL(url.pathname + url.search, env().APP_URL).toString();
}

function ipRejection(ip: string | null): Rejection {
  return {
    status: 403,
    code: "ip_not_allowed",
    reason: "ip_not_allowed",
    message: "This address may not post to this source.",
    // The address is the socket's peer unless that peer is a trusted proxy (scripts/server.ts), hence the hint.
    detail: `${ip ?? "an unknown address"} is not in this source's IP allowlist; behind a proxy, X-Forwarded-For counts only from TRUSTED_PROXIES`,
  };
}

function schemaRejection(source: ReceivingSource, body: Buffer, contentType: string | null): Rejection | null {
  if (!source.jsonSchema) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString("utf8"));
  } catch {
    return {
      status: 422,
      code: "validation_failed",
      reason: "invalid_json",
      message: "The body is not valid JSON.",
      detail: `the body is not JSON (Content-Type ${contentType ?? "missing"}), but this source checks bodies against a JSON Schema`,
    };
  }
  const issues = validatePayload({ id: source.schemaVersion, schema: source.jsonSchema }, payload);
  if (issues.length === 0) return null;
  const summary = issues.slice(0, 3).map((i) => `${i.path} ${i.message}`).join("; ");
  return {
    status: 422,
    code: "validation_failed",
    reason: "schema_mismatch",
    message: `The body does not match the expected schema: ${summary}.`,
    detail: `the body does not match this source's JSON Schema: ${summary}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ""}`,
  };
}

/** Slack checks a new Events API URL by asking for its challenge back; answering it lets the URL be saved in Slack. */
function slackChallenge(source: ReceivingSource, body: Buffer): string | null {
  if (source.provider !== "slack") return null;
  const parsed = parseBody(body, "application/json") as { type?: unknown; challenge?: unknown } | string;
  return typeof parsed === "object" && parsed?.type === "url_verification" && typeof parsed.challenge === "string" ? parsed.challenge : null;
}

interface Stored {
  id: Id<"req">;
  /** False when the delivery id was seen before: only the original's duplicate count went up. */
  inserted: boolean;
}

type RequestRow = RequestBase & {
  id: Id<"req">;
  workspaceId: string;
  sourceId: Id<"src">;
  body: Buffer | null;
  bodySize: number;
  verdict: "accepted" | "rejected";
  status: number;
  reason: string | null;
  detail: string | null;
  deliveryId: string | null;
  dedupKey: string | null;
};

/**
 * Stores a request that makes no messages, in one prepared statement of the driver. This is the receiver's hot path:
 * Drizzle's insert builder costs about twice the CPU of the whole statement here, which the ingest benchmark showed.
 * A repeated delivery id only counts on the original (ON CONFLICT on the partial dedup index; xmax is 0 exactly for a
 * freshly inserted row). Without a delivery id nothing can conflict, so the cheaper plain INSERT is used.
 */
async function insertRequest(row: RequestRow): Promise<Stored> {
  const client = sql();
  const onRepeat = row.dedupKey
    ? client`on conflict (source_id, dedup_key) where dedup_key is not null
        do update set duplicate_count = inbound_requests.duplicate_count + 1, last_duplicate_at = now()`
    : client``;
  const [stored] = await client<Stored[]>`
    insert into inbound_requests (id, workspace_id, source_id, method, path, query, headers, body, body_size, ip, verdict, status, reason, detail, delivery_id, dedup_key)
    values (${row.id}, ${row.workspaceId}, ${row.sourceId}, ${row.method}, ${row.path}, ${row.query}, ${JSON.stringify(row.headers)}::jsonb, ${row.body},
      ${row.bodySize}, ${row.ip}, ${row.verdict}, ${row.status}, ${row.reason}, ${row.detail}, ${row.deliveryId}, ${row.dedupKey})
    ${onRepeat}
    returning id, (xmax = 0) as inserted`;
  return stored;
}

/** Stores an accepted request; with messages to make, together with them in one transaction. */
async function storeAccepted(source: ReceivingSource, row: RequestRow, plan: RoutingPlan): Promise<Stored> {
  if (plan.messages.length === 0) return insertRequest(row);
  const { stored, due } = await db().transaction(async (tx) => {
    const [stored] = await tx
      .insert(inboundRequests)
      .values({ ...row, messageIds: plan.messages.map((m) => m.messageId) })
      .onConflictDoUpdate({
        target: [inboundRequests.sourceId, inboundRequests.dedupKey],
        targetWhere: sqlExpr`${inboundRequests.dedupKey} is not null`,
        set: { duplicateCount: sqlExpr`${inboundRequests.duplicateCount} + 1`, lastDuplicateAt: new Date() },
      })
      .returning({ id: inboundRequests.id, inserted: sqlExpr<boolean>`(xmax = 0)` });
    const due = stored.inserted ? await writeRouting(tx, source, stored.id, plan.messages) : [];
    return { stored, due };
  });
  await dispatchCommitted(due);
  return stored;
}

const DECODE_ANSWERS: Record<400 | 413 | 415, { code: ErrorCode; message: string }> = {
  400: { code: "bad_request", message: "The body could not be decoded as its Content-Encoding says." },
  413: { code: "payload_too_large", message: "The body inflates beyond the size limit." },
  415: { code: "unsupported_media_type", message: "Unsupported Content-Encoding; use gzip, deflate or br." },
};

/**
 * Handles one request to `/in/<token>[/suffix]`. Never throws: every outcome is a response. Its waits on the database
 * share one deadline, so during an outage the sender gets a 503 within it (lib/platform/db-availability.ts).
 */
export async function receiveInbound(request: Request, token: string): Promise<Response> {
  const started = performance.now();
  const seen: Seen = {};
  const response = await withDatabaseDeadline(env().DATABASE_TIMEOUT_MS, () => receive(request, token, seen));
  const requestId = response.headers.get("x-switchboard-request-id") ?? undefined;
  const outcome = !seen.sourceId ? (response.status === 404 ? "unknown_source" : "failed")
    : response.status >= 500 ? "failed" : response.headers.has("x-switchboard-duplicate-of") ? "duplicate" : response.ok ? "accepted" : "rejected";
  observeInboundRequest({ requestId, ...seen, status: response.status, outcome, durationMs: elapsedMs(started) });
  return response;
}

/** What the request's log line says beyond its answer, filled in as the request is understood. */
type Seen = { workspaceId?: string; sourceId?: string; reason?: string; messageIds?: string[]; headers?: [string, string][] };

async function receive(request: Request, token: string, seen: Seen): Promise<Response> {
  let source: ReceivingSource | null;
  try {
    source = await receivingSource(token);
  } catch (error) {
    return unavailable(error);
  }
  if (!source || (source.expiresAt && source.expiresAt.getTime() < Date.now())) {
    return errorResponse(404, "not_found", "No source has this URL. Check it, or copy it again from the dashboard.");
  }
  Object.assign(seen, { workspaceId: source.workspaceId, sourceId: source.id });

  const url = new URL(request.url);
  const prefix = `/in/${token}`;
  const base: RequestBase = {
    method: request.method,
    path: url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : "",
    query: url.search.slice(1),
    // Fetch's Headers lower-cases names and joins repeats; this is the request as the runtime hands it over, with its
    // credentials redacted before anything stores or shows it (every member can read requests; the secret needs more).
    headers: redactCredentialHeaders(request.headers, source.verification.provider === "api_key_header" ? [source.verification.header] : []),
    ip: requestIp(request.headers),
  };
  seen.headers = base.headers;

  try {
    const read = await readCappedBody(request.body, source.maxBodyBytes, request.headers.get("content-length"));
    if (!read.ok) {
      return reject(seen, source, base, null, read.received, { status: 413, code: "payload_too_large", reason: read.reason, message: "The body is too large.", detail: read.detail });
    }
    const decoded = await decodeContentEncoding(read.bytes, request.headers.get("content-encoding"), source.maxBodyBytes);
    if (!decoded.ok) {
      const answer = DECODE_ANSWERS[decoded.status];
      // A bomb is not kept; undecodable bytes are, so the user can see what arrived.
      const kept = decoded.status === 413 ? null : read.bytes;
      return reject(seen, source, base, kept, read.bytes.length, { status: decoded.status, ...answer, reason: decoded.reason, detail: decoded.detail });
    }
    const body = decoded.bytes;

    if (source.ipAllowlist && !(base.ip && ipInCidrList(base.ip, source.ipAllowlist))) {
      return reject(seen, source, base, body, body.length, ipRejection(base.ip));
    }

    const limit = await rateLimit("inbound", source.id, source.rateLimit);
    if (!limit.success) {
      return reject(seen, source, base, body, body.length, {
        status: 429,
        code: "rate_limited",
        reason: "rate_limited",
        message: "Too many requests to this source. Retry after the time in Retry-After.",
        detail: `more than ${limit.limit} requests in ${source.rateLimit.windowSeconds} s, this source's rate limit`,
        headers: rateLimitHeaders(limit),
      });
    }

    const verdict = verifyInbound(source.verification, { rawBody: body, headers: request.headers, url: publicUrl(url) });
    if (!verdict.ok) {
      return reject(seen, source, base, body, body.length, {
        status: 401,
        code: "unauthorized",
        reason: verdict.reason,
        message: `Verification failed (${verdict.reason}).`,
        detail: verdict.detail,
      });
    }

    const invalid = schemaRejection(source, body, request.headers.get("content-type"));
    if (invalid) return reject(seen, source, base, body, body.length, invalid);

    const plan: RoutingPlan = source.connections.length
      ? await planRouting(source.provider, source.connections, requestContext({ ...base, body }))
      : { messages: [], problems: [] };
    const dedupValue = source.deduplicate ? (source.dedupHeader ? request.headers.get(source.dedupHeader) : verdict.deliveryId) : undefined;
    const stored = await storeAccepted(source, {
      id: newId("req"),
      workspaceId: source.workspaceId,
      sourceId: source.id,
      ...base,
      body,
      bodySize: body.length,
      verdict: "accepted",
      status: 200,
      reason: null,
      deliveryId: verdict.deliveryId ?? null,
      dedupKey: dedupValue || null,
      detail: plan.problems.length ? plan.problems.join("\n") : null,
    }, plan);

    if (stored.inserted) seen.messageIds = plan.messages.map((m) => m.messageId);
    if (stored.inserted && isWatched(source)) void announce({ kind: "request", sourceId: source.id, id: stored.id });
    const headers = { "cache-control": "no-store", "x-switchboard-request-id": stored.id };
    if (!stored.inserted) return Response.json({ id: stored.id, status: "duplicate" }, { headers: { ...headers, "x-switchboard-duplicate-of": stored.id } });
    const challenge = slackChallenge(source, body);
    if (challenge !== null) return Response.json({ challenge }, { headers });
    return Response.json({ id: stored.id, status: "accepted" }, { headers });
  } catch (error) {
    return unavailable(error);
  }
}

/** A failure to read the source or store the request: 503 when the database is down, else 500. Never 2xx. */
function unavailable(error: unknown): Response {
  if (isDatabaseUnavailable(error)) {
    return errorResponse(ERROR_STATUS.database_unavailable, "database_unavailable", "The request could not be stored. Retry later.", { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) });
  }
  log().error({ err: error }, "inbound request failed");
  return errorResponse(500, "internal_error", "The request could not be stored. Retry later.");
}
