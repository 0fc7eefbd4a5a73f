import { createHash } from "node:crypto";
import { and, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { attempts, deliveries, endpoints, endpointSecrets, messages, operationalEvents } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { decryptSecret } from "@/lib/crypto";
import { sendWebhook, type DeliveryResult } from "@/lib/delivery/http-client";
import { DEFAULT_RETRY_SCHEDULE, nextAttemptDelay } from "@/lib/delivery/retry-schedule";
import { outboundAuthHeaders } from "@/lib/endpoints";
import { rateLimit } from "@/lib/ratelimit";
import { systemRequestMeta } from "@/lib/request-context";
import { signatureHeaders } from "@/lib/signing/standard-webhooks";
import { invalidateRouting } from "@/lib/delivery/routing";
import { newId } from "@/lib/ids";

/**
 * One delivery attempt, the core both dispatch drivers (the worker and Inngest) call (DESIGN §2, §8).
 *
 * The request body is the envelope
 *   { "type": "<event type>", "timestamp": "<message creation time, ISO 8601>", "data": <the payload> }
 * sent as application/json with the Standard Webhooks headers: `webhook-id` is the message id, the same on every
 * retry and every endpoint, so receivers can deduplicate; `webhook-timestamp` and `webhook-signature` are made per
 * attempt, with one `v1,` signature per active secret (two during a rotation overlap).
 *
 * An attempt is three steps, so the worker can batch the database work of many concurrent attempts:
 *   claimDeliveries   take due deliveries under a lease (status sending, lease_until, a lease token)
 *   performAttempt    send the request (no database writes)
 *   recordOutcomes    store the attempts and move each delivery on, in one transaction
 * Outcome writes only apply while the claim's lease token still holds, so a worker whose lease lapsed and was
 * re-claimed elsewhere records its attempt but cannot overwrite the newer claim's state.
 */

export const USER_AGENT = "Switchboard-Webhooks/1.0";
/** Longer than the 15 s request deadline plus the time to record the outcome, so a live attempt never loses its lease. */
export const LEASE_SECONDS = 60;

export type Trigger = "scheduled" | "manual";

export interface Claim {
  deliveryId: string;
  leaseToken: string;
  /** The number this attempt will have (attempts so far + 1). */
  attemptNumber: number;
  trigger: Trigger;
}

/** Deliveries that may be attempted now: due, not under a live lease, and their endpoint enabled. */
function dueCondition(extra?: SQL): SQL {
  return sql`d.status in ('pending', 'failed', 'sending') and d.next_attempt_at is not null and d.next_attempt_at <= now()
    and (d.lease_until is null or d.lease_until < now()) and e.status = 'enabled' ${extra ? sql`and ${extra}` : sql``}`;
}

/**
 * Claims up to `limit` due deliveries (or just the given ones, if due), oldest due first. SKIP LOCKED lets concurrent
 * dispatchers claim disjoint sets without waiting on each other; a lapsed lease (a killed worker) is claimable again.
 */
export async function claimDeliveries(options: { limit: number; ids?: string[]; leaseSeconds?: number }, tx: Tx = db()): Promise<Claim[]> {
  const { limit, ids, leaseSeconds = LEASE_SECONDS } = options;
  if (ids && ids.length === 0) return [];
  const only = ids ? sql`d.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})` : undefined;
  const rows = await tx.execute<{ id: string; lease_token: string; attempt_count: number; next_trigger: Trigger }>(sql`
    with due as (
      select d.id from deliveries d join endpoints e on e.id = d.endpoint_id
      where ${dueCondition(only)}
      order by d.next_attempt_at
      limit ${limit}
      for update of d skip locked
    )
    update deliveries set status = 'sending', lease_until = now() + make_interval(secs => ${leaseSeconds}),
      lease_token = gen_random_uuid()::text, updated_at = now()
    from due where deliveries.id = due.id
    returning deliveries.id, deliveries.lease_token, deliveries.attempt_count, deliveries.next_trigger`);
  return rows.map((r) => ({ deliveryId: r.id, leaseToken: r.lease_token, attemptNumber: r.attempt_count + 1, trigger: r.next_trigger }));
}

/**
 * Deliveries that should be in flight but are not: due for longer than `graceSeconds` and not leased. On Vercel the
 * sweeper re-dispatches these (a lost Inngest event, an endpoint resumed after a pause); in the worker modes the claim
 * query finds them by itself. Oldest due first.
 */
export async function findStrandedDeliveries(options: { graceSeconds: number; limit: number }, tx: Tx = db()) {
  const rows = await tx.execute<{ id: string; endpoint_id: string; attempt_count: number; next_attempt_at: string }>(sql`
    select d.id, d.endpoint_id, d.attempt_count, d.next_attempt_at from deliveries d join endpoints e on e.id = d.endpoint_id
    where ${dueCondition(sql`d.next_attempt_at < now() - make_interval(secs => ${options.graceSeconds})`)}
    order by d.next_attempt_at
    limit ${options.limit}`);
  return rows.map((r) => ({ deliveryId: r.id, endpointId: r.endpoint_id, attemptCount: r.attempt_count, dueAt: new Date(r.next_attempt_at) }));
}

/** Everything needed to send one claimed delivery, loaded in three queries for a whole batch. */
export interface PreparedDelivery {
  claim: Claim;
  workspaceId: string;
  messageId: string;
  eventType: string;
  messageCreatedAt: Date;
  payload: unknown;
  endpoint: typeof endpoints.$inferSelect;
  secrets: string[];
}

export async function prepareClaims(claims: Claim[], tx: Tx = db()): Promise<PreparedDelivery[]> {
  if (claims.length === 0) return [];
  const rows = await tx
    .select({ delivery: deliveries, message: messages, endpoint: endpoints })
    .from(deliveries)
    .innerJoin(messages, eq(messages.id, deliveries.messageId))
    .innerJoin(endpoints, eq(endpoints.id, deliveries.endpointId))
    .where(inArray(deliveries.id, claims.map((c) => c.deliveryId)));
  const endpointIds = [...new Set(rows.map((r) => r.endpoint.id))];
  const secretRows = await tx
    .select({ endpointId: endpointSecrets.endpointId, secretEncrypted: endpointSecrets.secretEncrypted })
    .from(endpointSecrets)
    .where(and(inArray(endpointSecrets.endpointId, endpointIds), or(isNull(endpointSecrets.expiresAt), sql`${endpointSecrets.expiresAt} > now()`)))
    .orderBy(sql`${endpointSecrets.createdAt} desc`);
  const secrets = new Map<string, string[]>();
  for (const s of secretRows) secrets.set(s.endpointId, [...(secrets.get(s.endpointId) ?? []), decryptSecret(s.secretEncrypted)]);
  const byId = new Map(rows.map((r) => [r.delivery.id, r]));
  return claims.flatMap((claim) => {
    const row = byId.get(claim.deliveryId);
    if (!row) return [];
    return [
      {
        claim,
        workspaceId: row.delivery.workspaceId,
        messageId: row.message.id,
        eventType: row.message.eventType,
        messageCreatedAt: row.message.createdAt,
        payload: row.message.payload,
        endpoint: row.endpoint,
        secrets: secrets.get(row.endpoint.id) ?? [],
      },
    ];
  });
}

/** The JSON body of every delivery of a message (see the envelope above). */
export function renderBody(message: { eventType: string; createdAt: Date; payload: unknown }): string {
  return JSON.stringify({ type: message.eventType, timestamp: message.createdAt.toISOString(), data: message.payload });
}

export type Outcome =
  | { kind: "attempted"; prepared: PreparedDelivery; url: string; requestHeaders: Record<string, string>; bodySha256: string; result: DeliveryResult; at: Date }
  /** The endpoint's rate limit is spent: back in the queue until the window resets, with no attempt counted. */
  | { kind: "deferred"; prepared: PreparedDelivery; until: Date };

/** Sends one prepared delivery. Never throws for receiver or network failures: they are part of the outcome. */
export async function performAttempt(prepared: PreparedDelivery): Promise<Outcome> {
  const { endpoint } = prepared;
  if (endpoint.rateLimitPerSecond) {
    const limit = await rateLimit("endpoint-delivery", endpoint.id, { limit: endpoint.rateLimitPerSecond, windowSeconds: 1 });
    if (!limit.success) return { kind: "deferred", prepared, until: new Date(Math.max(limit.reset, Date.now() + 100)) };
  }

  const at = new Date();
  const body = renderBody({ eventType: prepared.eventType, createdAt: prepared.messageCreatedAt, payload: prepared.payload });
  const bodySha256 = createHash("sha256").update(body).digest("hex");
  const auth = outboundAuthHeaders(endpoint.auth);
  const custom = Object.fromEntries(Object.entries(endpoint.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const base = { ...custom, ...auth, "content-type": "application/json", "user-agent": USER_AGENT };
  // Credentials are stored as "[redacted]": the attempts log is readable by every workspace member.
  const stored = { ...base, ...Object.fromEntries(Object.keys(auth).map((k) => [k, "[redacted]"])) };

  if (prepared.secrets.length === 0) {
    const result: DeliveryResult = { ok: false, bodyTruncated: false, abortRequested: false, durationMs: 0, errorClass: "network", errorMessage: "The endpoint has no active signing secret; rotate its secret." };
    return { kind: "attempted", prepared, url: endpoint.url, requestHeaders: stored, bodySha256, result, at };
  }
  const signed = signatureHeaders({ id: prepared.messageId, timestamp: Math.floor(at.getTime() / 1000), body, secrets: prepared.secrets });
  const result = await sendWebhook({ url: endpoint.url, headers: { ...base, ...signed }, body, timeoutMs: endpoint.timeoutMs });
  return { kind: "attempted", prepared, url: endpoint.url, requestHeaders: { ...stored, ...signed }, bodySha256, result, at };
}

type Decision =
  | { status: "succeeded"; nextAttemptAt: null }
  | { status: "failed"; nextAttemptAt: Date | null }
  | { status: "exhausted"; nextAttemptAt: null };

/** What happens after an attempt: success, a retry on the schedule (Retry-After honoured), abort, or exhaustion. */
export function decide(outcome: Extract<Outcome, { kind: "attempted" }>, random: () => number = Math.random): Decision {
  const { result, prepared } = outcome;
  if (result.ok) return { status: "succeeded", nextAttemptAt: null };
  if (result.abortRequested) return { status: "failed", nextAttemptAt: null };
  const delay = nextAttemptDelay({
    attemptNumber: prepared.claim.attemptNumber,
    schedule: prepared.endpoint.retrySchedule ?? DEFAULT_RETRY_SCHEDULE,
    retryAfterSeconds: result.retryAfterSeconds,
    random,
  });
  if (delay === null) return { status: "exhausted", nextAttemptAt: null };
  return { status: "failed", nextAttemptAt: new Date(outcome.at.getTime() + result.durationMs + delay * 1000) };
}

function describeFailure(result: DeliveryResult): string | null {
  if (result.ok) return null;
  return (result.errorMessage ?? (result.status ? `The receiver answered ${result.status}.` : "The attempt failed.")).slice(0, 1000);
}

export interface RecordedOutcome {
  deliveryId: string;
  /** What the delivery became; "lease_lost" when another claim took it over meanwhile (the attempt is still stored). */
  status: Decision["status"] | "deferred" | "lease_lost";
  attemptNumber?: number;
  nextAttemptAt: Date | null;
}

const SYSTEM_ACTOR = { type: "system" as const, id: null, label: "auto-disable" };

/** Starts or checks each failing endpoint's failure clock, disabling those failing for their whole window. */
async function trackFailures(tx: Tx, endpointIds: string[]) {
  if (endpointIds.length === 0) return;
  await tx.update(endpoints).set({ firstFailureAt: sql`now()` }).where(and(inArray(endpoints.id, endpointIds), isNull(endpoints.firstFailureAt)));
  const disabled = await tx
    .update(endpoints)
    .set({
      status: "disabled",
      disabledReason: sql`'Every delivery failed for ' || ${endpoints.autoDisableAfterSeconds} || ' seconds; disabled automatically.'`,
      disabledAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        inArray(endpoints.id, endpointIds),
        eq(endpoints.status, "enabled"),
        sql`${endpoints.firstFailureAt} <= now() - make_interval(secs => ${endpoints.autoDisableAfterSeconds})`,
      ),
    )
    .returning();
  for (const workspaceId of new Set(disabled.map((e) => e.workspaceId))) await invalidateRouting(tx, workspaceId);
  for (const endpoint of disabled) {
    await tx.insert(operationalEvents).values({
      workspaceId: endpoint.workspaceId,
      type: "endpoint.disabled",
      payload: { endpointId: endpoint.id, url: endpoint.url, reason: endpoint.disabledReason, firstFailureAt: endpoint.firstFailureAt },
    });
    await recordAudit(tx, {
      workspaceId: endpoint.workspaceId,
      actor: SYSTEM_ACTOR,
      action: "endpoint.disable",
      target: { type: "endpoint", id: endpoint.id },
      before: { status: "enabled" },
      after: { status: "disabled", reason: endpoint.disabledReason },
      request: systemRequestMeta(),
    });
  }
}

/**
 * The batch's attempts as one INSERT with a single JSON parameter: the query text is the same for any batch size, so
 * it stays one prepared statement, and no per-row parameters are built.
 */
function insertAttempts(rows: (typeof attempts.$inferInsert)[]): SQL {
  const json = JSON.stringify(
    rows.map((r) => ({
      id: newId("att"),
      workspace_id: r.workspaceId,
      delivery_id: r.deliveryId,
      message_id: r.messageId,
      endpoint_id: r.endpointId,
      number: r.number,
      trigger: r.trigger,
      url: r.url,
      request_headers: r.requestHeaders,
      request_body_sha256: r.requestBodySha256,
      succeeded: r.succeeded,
      response_status: r.responseStatus,
      response_headers: r.responseHeaders,
      response_body: r.responseBody,
      response_body_truncated: r.responseBodyTruncated,
      duration_ms: r.durationMs,
      error_class: r.errorClass,
      error_message: r.errorMessage,
      created_at: r.createdAt,
    })),
  );
  return sql`insert into attempts (id, workspace_id, delivery_id, message_id, endpoint_id, number, trigger, url, request_headers,
      request_body_sha256, succeeded, response_status, response_headers, response_body, response_body_truncated, duration_ms,
      error_class, error_message, created_at)
    select id, workspace_id, delivery_id, message_id, endpoint_id, number, trigger, url, request_headers, request_body_sha256,
      succeeded, response_status, response_headers, response_body, response_body_truncated, duration_ms, error_class,
      error_message, created_at
    from json_to_recordset(${json}::json) as r(id text, workspace_id text, delivery_id text, message_id text, endpoint_id text,
      number int, trigger attempt_trigger, url text, request_headers jsonb, request_body_sha256 text, succeeded boolean,
      response_status int, response_headers jsonb, response_body text, response_body_truncated boolean, duration_ms int,
      error_class text, error_message text, created_at timestamptz)`;
}

/**
 * Stores a batch of outcomes in one transaction: the attempts in one insert, each delivery's new state in one
 * update (guarded by its lease token), the endpoints' failure clocks, and `message.attempt.exhausted` events.
 */
export async function recordOutcomes(outcomes: Outcome[], random: () => number = Math.random, tx: Tx = db()): Promise<RecordedOutcome[]> {
  if (outcomes.length === 0) return [];
  return tx.transaction(async (t) => {
    const updates: { id: string; token: string; status: string; attemptCount: number | null; next: Date | null; trigger: Trigger; lastStatus: number | null; lastError: string | null; lastAttemptAt: Date | null }[] = [];
    const attemptRows: (typeof attempts.$inferInsert)[] = [];
    const decisions = new Map<string, Decision>();

    for (const outcome of outcomes) {
      const { claim } = outcome.prepared;
      if (outcome.kind === "deferred") {
        // Back to the state it had before the claim: nothing was attempted.
        const status = claim.attemptNumber === 1 || claim.trigger === "manual" ? "pending" : "failed";
        updates.push({ id: claim.deliveryId, token: claim.leaseToken, status, attemptCount: null, next: outcome.until, trigger: claim.trigger, lastStatus: null, lastError: null, lastAttemptAt: null });
        continue;
      }
      const decision = decide(outcome, random);
      decisions.set(claim.deliveryId, decision);
      const { result, prepared } = outcome;
      attemptRows.push({
        workspaceId: prepared.workspaceId,
        deliveryId: claim.deliveryId,
        messageId: prepared.messageId,
        endpointId: prepared.endpoint.id,
        number: claim.attemptNumber,
        trigger: claim.trigger,
        url: outcome.url,
        requestHeaders: outcome.requestHeaders,
        requestBodySha256: outcome.bodySha256,
        succeeded: result.ok,
        responseStatus: result.status ?? null,
        responseHeaders: result.headers ?? null,
        // PostgreSQL text cannot hold NUL; a binary answer keeps everything else.
        responseBody: result.body?.replace(/\0/g, "\uFFFD") ?? null,
        responseBodyTruncated: result.bodyTruncated,
        durationMs: result.durationMs,
        errorClass: result.errorClass ?? null,
        errorMessage: result.errorMessage ?? null,
        createdAt: outcome.at,
      });
      updates.push({
        id: claim.deliveryId,
        token: claim.leaseToken,
        status: decision.status,
        attemptCount: claim.attemptNumber,
        next: decision.nextAttemptAt,
        // Retries after a manual attempt are ordinary scheduled ones.
        trigger: "scheduled",
        lastStatus: result.status ?? null,
        lastError: describeFailure(result),
        lastAttemptAt: outcome.at,
      });
    }

    if (attemptRows.length) await t.execute(insertAttempts(attemptRows));
    // One JSON parameter for the whole batch, like the attempts: one prepared statement whatever the batch size.
    const changes = JSON.stringify(
      updates.map((u) => ({
        id: u.id,
        token: u.token,
        status: u.status,
        attempt_count: u.attemptCount,
        next: u.next,
        trigger: u.trigger,
        last_status: u.lastStatus,
        last_error: u.lastError,
        last_attempt_at: u.lastAttemptAt,
      })),
    );
    const applied = await t.execute<{ id: string }>(sql`
      update deliveries d set
        status = v.status, attempt_count = coalesce(v.attempt_count, d.attempt_count), next_attempt_at = v.next,
        next_trigger = v.trigger, lease_until = null, lease_token = null,
        last_attempt_at = coalesce(v.last_attempt_at, d.last_attempt_at),
        last_response_status = case when v.attempt_count is null then d.last_response_status else v.last_status end,
        last_error = case when v.attempt_count is null then d.last_error else v.last_error end,
        updated_at = now()
      from json_to_recordset(${changes}::json) as v(id text, token text, status delivery_status, attempt_count int, next timestamptz,
        trigger attempt_trigger, last_status int, last_error text, last_attempt_at timestamptz)
      where d.id = v.id and d.lease_token = v.token
      returning d.id`);
    const appliedIds = new Set(applied.map((r) => r.id));

    const attempted = outcomes.filter((o): o is Extract<Outcome, { kind: "attempted" }> => o.kind === "attempted");
    const succeededEndpoints = [...new Set(attempted.filter((o) => o.result.ok).map((o) => o.prepared.endpoint.id))];
    if (succeededEndpoints.length) {
      // One success resets the auto-disable clock.
      await t.update(endpoints).set({ firstFailureAt: null }).where(and(inArray(endpoints.id, succeededEndpoints), isNotNull(endpoints.firstFailureAt)));
    }
    // A receiver asking to abort is a decision, not a malfunction, so it does not count towards auto-disable.
    const failingEndpoints = [...new Set(attempted.filter((o) => !o.result.ok && !o.result.abortRequested).map((o) => o.prepared.endpoint.id))].filter(
      (id) => !succeededEndpoints.includes(id),
    );
    await trackFailures(t, failingEndpoints);

    const exhausted = attempted.filter((o) => decisions.get(o.prepared.claim.deliveryId)?.status === "exhausted" && appliedIds.has(o.prepared.claim.deliveryId));
    if (exhausted.length) {
      await t.insert(operationalEvents).values(
        exhausted.map((o) => ({
          workspaceId: o.prepared.workspaceId,
          type: "message.attempt.exhausted",
          payload: {
            deliveryId: o.prepared.claim.deliveryId,
            messageId: o.prepared.messageId,
            endpointId: o.prepared.endpoint.id,
            eventType: o.prepared.eventType,
            attempts: o.prepared.claim.attemptNumber,
            lastResponseStatus: o.result.status ?? null,
            lastError: describeFailure(o.result),
          },
        })),
      );
    }

    return outcomes.map((o) => {
      const id = o.prepared.claim.deliveryId;
      if (!appliedIds.has(id)) return { deliveryId: id, status: "lease_lost" as const, nextAttemptAt: null };
      if (o.kind === "deferred") return { deliveryId: id, status: "deferred" as const, nextAttemptAt: o.until };
      const decision = decisions.get(id)!;
      return { deliveryId: id, status: decision.status, attemptNumber: o.prepared.claim.attemptNumber, nextAttemptAt: decision.nextAttemptAt };
    });
  });
}

export type AttemptResult =
  | RecordedOutcome
  /** Nothing was sent: the delivery is not due, is leased by someone else, is final, or its endpoint is not enabled. */
  | { deliveryId: string; status: "skipped"; reason: "not_found" | "not_due" | "leased" | "final" | "endpoint_not_enabled"; nextAttemptAt: Date | null };

async function whySkipped(deliveryId: string, tx: Tx): Promise<AttemptResult> {
  const [row] = await tx
    .select({ status: deliveries.status, next: deliveries.nextAttemptAt, leaseUntil: deliveries.leaseUntil, endpointStatus: endpoints.status })
    .from(deliveries)
    .innerJoin(endpoints, eq(endpoints.id, deliveries.endpointId))
    .where(eq(deliveries.id, deliveryId));
  const skipped = (reason: Extract<AttemptResult, { status: "skipped" }>["reason"]) => ({ deliveryId, status: "skipped" as const, reason, nextAttemptAt: row?.next ?? null });
  if (!row) return skipped("not_found");
  if (row.next === null || !["pending", "failed", "sending"].includes(row.status)) return skipped("final");
  if (row.endpointStatus !== "enabled") return skipped("endpoint_not_enabled");
  if (row.leaseUntil && row.leaseUntil > new Date()) return skipped("leased");
  return skipped("not_due");
}

/**
 * Claims one delivery (if due), sends it, and records the outcome. `trigger` overrides the delivery's own (a replay
 * marks its next attempt manual). Used by the Inngest function and by "send now" actions; the worker uses the three
 * steps directly to batch them.
 */
export async function attemptDelivery(deliveryId: string, options: { trigger?: Trigger } = {}, tx: Tx = db()): Promise<AttemptResult> {
  const [claim] = await claimDeliveries({ limit: 1, ids: [deliveryId] }, tx);
  if (!claim) return whySkipped(deliveryId, tx);
  const [prepared] = await prepareClaims([{ ...claim, trigger: options.trigger ?? claim.trigger }], tx);
  const outcome = await performAttempt(prepared);
  const [recorded] = await recordOutcomes([outcome], Math.random, tx);
  return recorded;
}
