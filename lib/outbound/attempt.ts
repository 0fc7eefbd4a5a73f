import { createHash } from "node:crypto";
import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { deliveries, endpoints, inDueIndex, operationalEvents } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { decryptSecret, newId } from "@/lib/platform";
import { type DeliveryResult, redactCredentialHeaders, sendWebhook, targetPolicyFor } from "@/lib/net";
import { DEFAULT_RETRY_SCHEDULE, nextAttemptDelay } from "@/lib/outbound/retry-schedule";
import { takeSendSlot } from "@/lib/outbound/throttle";
import { outboundAuthHeaders } from "@/lib/outbound/endpoints";
import { systemContext } from "@/lib/api";
import { signatureHeaders, svixSignatureHeaders } from "@/lib/signing";
import { invalidateRouting } from "@/lib/outbound/fan-out";
import { deliverThroughAdapter, type IntegrationDeliveryResult, removeEndedConnections } from "@/lib/integrations";
import { observeAttempts } from "@/lib/monitoring";
import { buildRequest, envelopeJson, type PipelineEndpoint, type PipelineErrorClass } from "@/lib/payloads";
import type { Id } from "@/lib/platform/id-types";

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
 *   claimDeliveries   take due deliveries under a lease (status sending, lease_until, a lease token), with what
 *                     sending them needs; the claim counts the attempt (attempt_count) before its request leaves
 *   performAttempt    send the request (no database writes)
 *   recordOutcomes    store the attempts and move each delivery on, atomically
 * Outcome writes only apply while the claim's lease token still holds, so a worker whose lease lapsed and was
 * re-claimed elsewhere records its attempt but cannot overwrite the newer claim's state.
 *
 * A worker that dies mid-send leaves its deliveries `sending`, each with the attempt it opened counted. The claim that
 * takes such a delivery over (once the lease lapses) first writes that attempt to the log as `worker_lost`, with what
 * is known: its number, trigger, URL and claim time. So the log never shows fewer attempts than the receiver got
 * (a claim that died queued, before sending, is logged too: the log errs on the side of more). This costs the fast
 * path nothing: the claim writes the delivery row anyway, and no attempt row is written twice.
 */

export const USER_AGENT = "Switchboard-Webhooks/1.0";
/**
 * Short, so a dead worker's deliveries come back within seconds; a live worker renews the leases it holds (queued or
 * in flight, see the dispatcher) every third of this, so a request running to the 15 s deadline keeps its lease.
 */
export const LEASE_SECONDS = 10;
/**
 * The lease of a lone attempt (Inngest's, or "send now"), which nothing renews: longer than the 15 s request deadline
 * plus the time to record the outcome, so a live attempt never loses it.
 */
export const UNRENEWED_LEASE_SECONDS = 60;
/** The error class of an attempt whose worker died before recording its outcome. */
export const ATTEMPT_WORKER_LOST = "worker_lost";
/** The error class of an attempt its endpoint's transformation cancelled (the delivery is then `cancelled`). */
export const ATTEMPT_CANCELLED = "cancelled";

export type Trigger = "scheduled" | "manual";

export interface Claim {
  deliveryId: Id<"dlv">;
  leaseToken: string;
  /** This attempt's number (the delivery's attempt count, which the claim raised). */
  attemptNumber: number;
  trigger: Trigger;
}

/**
 * Deliveries that may be attempted now: due, not under a live lease, and their endpoint enabled. `not d.held` keeps
 * paused and disabled endpoints' backlogs out of the scan (see the deliveries_due index); the endpoint's own status is
 * still the rule.
 */
function dueCondition(extra?: SQL): SQL {
  return sql`${inDueIndex("d")} and d.next_attempt_at <= now()
    and (d.lease_until is null or d.lease_until < now()) and e.status = 'enabled' ${extra ? sql`and ${extra}` : sql``}`;
}

/** The endpoint settings an attempt needs. */
export type DeliveryEndpoint = Pick<
  typeof endpoints.$inferSelect,
  "id" | "url" | "headers" | "auth" | "timeoutMs" | "rateLimitPerSecond" | "retrySchedule" | "kind" | "integration" | "migratedFromSvix"
> &
  // How its body is built (lib/payloads/pipeline.ts); `transformation` only while enabled.
  Omit<PipelineEndpoint, "url" | "headers">;

/** Everything needed to send one claimed delivery. */
export interface PreparedDelivery {
  claim: Claim;
  workspaceId: string;
  /** The endpoint's application (for the log line). */
  applicationId: Id<"app">;
  messageId: Id<"msg">;
  eventType: string;
  /** Null once the type was deleted. */
  eventTypeId: string | null;
  /** The event-type version the payload follows. */
  messageVersion: number;
  messageCreatedAt: Date;
  payload: unknown;
  endpoint: DeliveryEndpoint;
  /** Decrypted active signing secrets, newest first. */
  secrets: string[];
}

type ClaimedRow = {
  id: Id<"dlv">;
  workspace_id: string;
  message_id: Id<"msg">;
  lease_token: string;
  attempt_count: number;
  next_trigger: Trigger;
  event_type: string;
  event_type_id: string | null;
  message_version: number;
  message_created_at: string;
  payload: unknown;
  endpoint_id: Id<"ep">;
  application_id: Id<"app">;
  url: string;
  headers: Record<string, string>;
  auth: DeliveryEndpoint["auth"];
  timeout_ms: number;
  rate_limit_per_second: number | null;
  retry_schedule: number[] | null;
  kind: DeliveryEndpoint["kind"];
  integration: DeliveryEndpoint["integration"];
  payload_format: DeliveryEndpoint["payloadFormat"];
  transformation: string | null;
  version_pin: number | null;
  compression: DeliveryEndpoint["compression"];
  compression_threshold_bytes: number;
  migrated_from_svix: boolean;
  template_id: string | null;
  template_version: number | null;
  template_vars: Record<string, string>;
  secrets: string[];
};

/**
 * Claims up to `limit` due deliveries (or just the given ones, if due), oldest due first, and loads what sending
 * them needs, all in one statement. SKIP LOCKED lets concurrent dispatchers claim disjoint sets without waiting on
 * each other. The lease also moves `next_attempt_at` to the lease's end: a claimed delivery leaves the front of the
 * due index (so the next claim does not step over everything in flight), and is due again by itself if its worker
 * dies and the lease lapses. A delivery still `sending` when claimed is such a lapsed claim: the attempt it counted is
 * logged as `worker_lost` (at the time of that claim, its `updated_at`, which lease renewals leave alone).
 */
export async function claimDeliveries(
  options: { limit: number; ids?: string[]; leaseSeconds?: number },
  tx: Tx = db(),
): Promise<PreparedDelivery[]> {
  const { limit, ids, leaseSeconds = LEASE_SECONDS } = options;
  if (ids && ids.length === 0) return [];
  const only = ids ? sql`d.id in (select json_array_elements_text(${JSON.stringify(ids)}::json))` : undefined;
  // Ids for the lost attempts this claim may log (time-sortable, like every id); rarely any are used.
  const lostIds = Array.from({ length: ids ? Math.min(limit, ids.length) : limit }, () => newId("att"));
  const rows = await tx.execute<ClaimedRow>(sql`
    with due as (
      select d.id, d.status = 'sending' as lapsed, d.workspace_id, d.message_id, d.endpoint_id, d.attempt_count,
        d.next_trigger, d.updated_at, e.url
      from deliveries d join endpoints e on e.id = d.endpoint_id
      where ${dueCondition(only)}
      order by d.next_attempt_at
      limit ${limit}
      for update of d skip locked
    ), lost as (
      -- The values before the update below (every part of one statement sees one snapshot).
      select l.*, row_number() over () as n from due l where l.lapsed
    ), logged as (
      insert into attempts (id, workspace_id, delivery_id, message_id, endpoint_id, number, trigger, url, request_headers,
        request_body_sha256, succeeded, duration_ms, error_class, error_message, created_at)
      select i.id, l.workspace_id, l.id, l.message_id, l.endpoint_id, l.attempt_count, l.next_trigger, l.url, '{}'::jsonb, '',
        false, 0, ${ATTEMPT_WORKER_LOST}, 'The worker stopped before recording the outcome; the request may have reached the receiver.',
        l.updated_at
      from lost l join json_array_elements_text(${JSON.stringify(lostIds)}::json) with ordinality as i(id, n) on i.n = l.n
    ), claimed as (
      update deliveries d set status = 'sending', lease_until = now() + make_interval(secs => ${leaseSeconds}),
        next_attempt_at = now() + make_interval(secs => ${leaseSeconds}), lease_token = gen_random_uuid()::text,
        attempt_count = d.attempt_count + 1, updated_at = now()
      -- An array, not a join: the planner then always takes each row by primary key, whatever its statistics say.
      where d.id = any(array(select id from due))
      returning d.id, d.workspace_id, d.message_id, d.endpoint_id, d.lease_token, d.attempt_count, d.next_trigger
    )
    select c.id, c.workspace_id, c.message_id, c.lease_token, c.attempt_count, c.next_trigger,
      m.event_type, m.event_type_id, m.version as message_version, m.created_at as message_created_at, m.payload,
      e.id as endpoint_id, e.application_id, e.url, e.headers, e.auth, e.timeout_ms, e.rate_limit_per_second, e.retry_schedule,
      e.kind, e.integration, e.payload_format, case when e.transformation_enabled then e.transformation end as transformation,
      e.version_pin, e.compression, e.compression_threshold_bytes, e.migrated_from_svix, e.template_id, e.template_version, e.template_vars,
      array(select s.secret_encrypted from endpoint_secrets s
        where s.endpoint_id = e.id and (s.expires_at is null or s.expires_at > now()) order by s.created_at desc) as secrets
    from claimed c join messages m on m.id = c.message_id join endpoints e on e.id = c.endpoint_id`);
  // A batch is mostly a few endpoints: each of their secrets is decrypted once.
  const decrypted = new Map<string, string>();
  const decrypt = (sealed: string) => decrypted.get(sealed) ?? decrypted.set(sealed, decryptSecret(sealed)).get(sealed)!;
  return rows.map((r) => ({
    claim: { deliveryId: r.id, leaseToken: r.lease_token, attemptNumber: r.attempt_count, trigger: r.next_trigger },
    workspaceId: r.workspace_id,
    applicationId: r.application_id,
    messageId: r.message_id,
    eventType: r.event_type,
    eventTypeId: r.event_type_id,
    messageVersion: r.message_version,
    messageCreatedAt: new Date(r.message_created_at),
    payload: r.payload,
    endpoint: {
      id: r.endpoint_id,
      url: r.url,
      headers: r.headers,
      auth: r.auth,
      timeoutMs: r.timeout_ms,
      rateLimitPerSecond: r.rate_limit_per_second,
      retrySchedule: r.retry_schedule,
      kind: r.kind,
      integration: r.integration,
      payloadFormat: r.payload_format,
      transformation: r.transformation,
      versionPin: r.version_pin,
      compression: r.compression,
      compressionThresholdBytes: r.compression_threshold_bytes,
      migratedFromSvix: r.migrated_from_svix,
      templateId: r.template_id,
      templateVersion: r.template_version,
      templateVars: r.template_vars,
    },
    secrets: r.secrets.map(decrypt),
  }));
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

/** The JSON body of every delivery of a message (see the envelope above). */
export function renderBody(message: { eventType: string; createdAt: Date; payload: unknown }): string {
  return envelopeJson({ type: message.eventType, timestamp: message.createdAt.toISOString(), data: message.payload });
}

/** What an attempt's request came to: the HTTP client's result, or an integration adapter's (which may rule out retries). */
export type SendResult = DeliveryResult | IntegrationDeliveryResult;

export type Outcome =
  | { kind: "attempted"; prepared: PreparedDelivery; url: string; requestHeaders: Record<string, string>; bodySha256: string; result: SendResult; at: Date }
  /** The endpoint's rate limit has no send slot soon (lib/outbound/throttle.ts): back in the queue, no attempt counted. */
  | { kind: "deferred"; prepared: PreparedDelivery; until: Date }
  /**
   * Nothing was sent: building the body failed (a transformation, template or version conversion: the sender's
   * configuration, so no retry) or the transformation cancelled the delivery. Recorded as an attempt with the reason.
   */
  | { kind: "refused"; prepared: PreparedDelivery; url: string; errorClass: PipelineErrorClass | typeof ATTEMPT_CANCELLED; message: string; at: Date };

/** Sends one prepared delivery. Never throws for receiver or network failures: they are part of the outcome. */
export async function performAttempt(prepared: PreparedDelivery): Promise<Outcome> {
  const { endpoint } = prepared;
  if (endpoint.rateLimitPerSecond) {
    const slot = await takeSendSlot(endpoint.id, endpoint.rateLimitPerSecond);
    if (slot.kind === "later") return { kind: "deferred", prepared, until: slot.retryAt };
    if (slot.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
  }

  const at = new Date();
  const built = await buildRequest(
    { id: prepared.messageId, type: prepared.eventType, eventTypeId: prepared.eventTypeId, version: prepared.messageVersion, createdAt: prepared.messageCreatedAt, payload: prepared.payload },
    endpoint,
  );
  if (built.kind === "failed") {
    return { kind: "refused", prepared, url: endpoint.url, errorClass: built.errorClass, message: built.line ? `${built.message} (line ${built.line})` : built.message, at };
  }
  if (built.kind === "cancelled") return { kind: "refused", prepared, url: endpoint.url, errorClass: ATTEMPT_CANCELLED, message: built.reason, at };
  const { body, contentType } = built;
  const bodySha256 = createHash("sha256").update(body).digest("hex");
  const auth = outboundAuthHeaders(endpoint.auth);
  const custom = Object.fromEntries(Object.entries(built.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const encoding: Record<string, string> = built.contentEncoding ? { "content-encoding": built.contentEncoding } : {};
  const base = { ...custom, ...auth, "content-type": contentType, ...encoding, "user-agent": USER_AGENT };
  // Credentials are stored redacted: the attempts log is readable by every workspace member.
  const stored = Object.fromEntries(redactCredentialHeaders(Object.entries(base), Object.keys(auth)));

  // An integration endpoint is sent by its adapter (Slack's chat.postMessage, ...), with the same body; the signing
  // below is the webhook's.
  if (endpoint.kind !== "webhook") {
    const sent = await deliverThroughAdapter(prepared, { body, contentType });
    return { kind: "attempted", prepared, url: sent.url, requestHeaders: {}, bodySha256, result: sent.result, at };
  }

  if (prepared.secrets.length === 0) {
    const result: DeliveryResult = { ok: false, bodyTruncated: false, abortRequested: false, durationMs: 0, errorClass: "network", errorMessage: "The endpoint has no active signing secret; rotate its secret." };
    return { kind: "attempted", prepared, url: built.url, requestHeaders: stored, bodySha256, result, at };
  }
  // Signed before compression: receivers verify the body they read after undoing Content-Encoding.
  const standard = signatureHeaders({ id: prepared.messageId, timestamp: Math.floor(at.getTime() / 1000), body, secrets: prepared.secrets });
  // An endpoint migrated from Svix gets the same values under svix-* too, for its receiver's Svix library.
  const signed = endpoint.migratedFromSvix ? { ...standard, ...svixSignatureHeaders(standard) } : standard;
  // Each send is checked against its workspace's policy, so turning local testing off stops loopback deliveries at once.
  const policy = await targetPolicyFor(prepared.workspaceId);
  const result = await sendWebhook({ url: built.url, method: built.method, headers: { ...base, ...signed }, body: built.wireBody, timeoutMs: endpoint.timeoutMs, policy });
  return { kind: "attempted", prepared, url: built.url, requestHeaders: { ...stored, ...signed }, bodySha256, result, at };
}

type Decision =
  | { status: "succeeded"; nextAttemptAt: null }
  | { status: "failed"; nextAttemptAt: Date | null }
  | { status: "exhausted"; nextAttemptAt: null }
  /** Only for a refused outcome its transformation cancelled. */
  | { status: "cancelled"; nextAttemptAt: null };

/**
 * What happens after an attempt: success, a retry on the schedule (Retry-After honoured), abort, or exhaustion. An
 * integration's failure that no retry can fix (Slack's channel_not_found) exhausts the delivery at once, so it is
 * reported as any exhausted delivery is.
 */
export function decide(outcome: Extract<Outcome, { kind: "attempted" }>, random: () => number = Math.random): Decision {
  const { result, prepared } = outcome;
  if (result.ok) return { status: "succeeded", nextAttemptAt: null };
  if (result.abortRequested) return { status: "failed", nextAttemptAt: null };
  const integration = "retryable" in result;
  if (integration && result.retryable === false) return { status: "exhausted", nextAttemptAt: null };
  const scheduled = nextAttemptDelay({
    attemptNumber: prepared.claim.attemptNumber,
    schedule: prepared.endpoint.retrySchedule ?? DEFAULT_RETRY_SCHEDULE,
    retryAfterSeconds: integration ? undefined : result.retryAfterSeconds,
    random,
  });
  if (scheduled === null) return { status: "exhausted", nextAttemptAt: null };
  // A receiver's Retry-After is capped (nextAttemptDelay); an integration's service (Slack's rate limit on the app)
  // is waited for in full, since an earlier retry would only be refused again.
  const delay = integration ? Math.max(scheduled, result.retryAfterSeconds ?? 0) : scheduled;
  return { status: "failed", nextAttemptAt: new Date(outcome.at.getTime() + result.durationMs + delay * 1000) };
}

function describeFailure(result: SendResult): string | null {
  if (result.ok) return null;
  return (result.errorMessage ?? (result.status ? `The receiver answered ${result.status}.` : "The attempt failed.")).slice(0, 1000);
}

export interface RecordedOutcome {
  deliveryId: Id<"dlv">;
  /** What the delivery became; "lease_lost" when another claim took it over meanwhile (the attempt is still stored). */
  status: Decision["status"] | "deferred" | "lease_lost";
  attemptNumber?: number;
  nextAttemptAt: Date | null;
}

/** Starts or checks each failing endpoint's failure clock, disabling those failing for their whole window. */
async function trackFailures(tx: Tx, endpointIds: Id<"ep">[]) {
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
    const { workspaceId, actor, request } = systemContext(endpoint.workspaceId, "auto-disable");
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "endpoint.disable",
      target: { type: "endpoint", id: endpoint.id },
      before: { status: "enabled" },
      after: { status: "disabled", reason: endpoint.disabledReason },
      request,
    });
  }
}

/**
 * The batch's writes as one statement: each delivery's new state (guarded by its lease token), its attempt, and the
 * reset of the auto-disable clock of endpoints that succeeded. The rows travel as one JSON parameter each, so the
 * query text is the same for any batch size: one prepared statement, no per-row parameters. A single statement is
 * atomic by itself, so a batch of successes needs no explicit transaction (and none of its extra round trips).
 */
function writeOutcomes(updates: object[], attemptRows: object[], succeededEndpoints: string[]): SQL {
  return sql`
    with changed as (
      update deliveries d set
        status = v.status, attempt_count = v.attempt_count, next_attempt_at = v.next,
        next_trigger = v.trigger, lease_until = null, lease_token = null,
        last_attempt_at = coalesce(v.last_attempt_at, d.last_attempt_at),
        last_response_status = case when v.sent then v.last_status else d.last_response_status end,
        last_error = case when v.sent then v.last_error else d.last_error end,
        updated_at = now()
      from json_to_recordset(${JSON.stringify(updates)}::json) as v(id text, token text, status delivery_status, attempt_count int,
        sent boolean, next timestamptz, trigger attempt_trigger, last_status int, last_error text, last_attempt_at timestamptz)
      where d.id = v.id and d.lease_token = v.token
      returning d.id
    ), recorded as (
      insert into attempts (id, workspace_id, delivery_id, message_id, endpoint_id, number, trigger, url, request_headers,
        request_body_sha256, succeeded, response_status, response_headers, response_body, response_body_truncated, duration_ms,
        error_class, error_message, created_at)
      select id, workspace_id, delivery_id, message_id, endpoint_id, number, trigger, url, request_headers, request_body_sha256,
        succeeded, response_status, response_headers, response_body, response_body_truncated, duration_ms, error_class,
        error_message, created_at
      from json_to_recordset(${JSON.stringify(attemptRows)}::json) as r(id text, workspace_id text, delivery_id text, message_id text,
        endpoint_id text, number int, trigger attempt_trigger, url text, request_headers jsonb, request_body_sha256 text,
        succeeded boolean, response_status int, response_headers jsonb, response_body text, response_body_truncated boolean,
        duration_ms int, error_class text, error_message text, created_at timestamptz)
    ), recovered as (
      -- One success resets the auto-disable clock.
      update endpoints set first_failure_at = null
      where id in (select json_array_elements_text(${JSON.stringify(succeededEndpoints)}::json)) and first_failure_at is not null
    )
    select id from changed`;
}

/**
 * Stores a batch of outcomes: the attempts, each delivery's new state (guarded by its lease token), the endpoints'
 * failure clocks, and `message.attempt.exhausted` events. A batch with failures is written in one transaction.
 */
export async function recordOutcomes(outcomes: Outcome[], random: () => number = Math.random, tx: Tx = db()): Promise<RecordedOutcome[]> {
  if (outcomes.length === 0) return [];
  const updates: object[] = [];
  const attemptRows: object[] = [];
  const decisions = new Map<string, Decision>();

  for (const outcome of outcomes) {
    const { claim } = outcome.prepared;
    if (outcome.kind === "deferred") {
      // Back to the state it had before the claim: nothing was attempted, so the claim's count is taken back.
      const status = claim.attemptNumber === 1 || claim.trigger === "manual" ? "pending" : "failed";
      updates.push({ id: claim.deliveryId, token: claim.leaseToken, status, attempt_count: claim.attemptNumber - 1, sent: false, next: outcome.until, trigger: claim.trigger });
      continue;
    }
    if (outcome.kind === "refused") {
      // Final until a replay: another attempt would build the same body again. Nothing reached the receiver, so it
      // counts towards neither auto-disable nor exhaustion.
      const decision = { status: outcome.errorClass === ATTEMPT_CANCELLED ? "cancelled" : "failed", nextAttemptAt: null } as const;
      decisions.set(claim.deliveryId, decision);
      attemptRows.push({
        id: newId("att"), workspace_id: outcome.prepared.workspaceId, delivery_id: claim.deliveryId, message_id: outcome.prepared.messageId,
        endpoint_id: outcome.prepared.endpoint.id, number: claim.attemptNumber, trigger: claim.trigger, url: outcome.url, request_headers: {},
        request_body_sha256: "", succeeded: false, response_body_truncated: false, duration_ms: 0, error_class: outcome.errorClass,
        error_message: outcome.message.slice(0, 2000), created_at: outcome.at,
      });
      updates.push({ id: claim.deliveryId, token: claim.leaseToken, status: decision.status, attempt_count: claim.attemptNumber, sent: true, next: null, trigger: "scheduled", last_status: null, last_error: outcome.message.slice(0, 1000), last_attempt_at: outcome.at });
      continue;
    }
    const decision = decide(outcome, random);
    decisions.set(claim.deliveryId, decision);
    const { result, prepared } = outcome;
    attemptRows.push({
      id: newId("att"),
      workspace_id: prepared.workspaceId,
      delivery_id: claim.deliveryId,
      message_id: prepared.messageId,
      endpoint_id: prepared.endpoint.id,
      number: claim.attemptNumber,
      trigger: claim.trigger,
      url: outcome.url,
      request_headers: outcome.requestHeaders,
      request_body_sha256: outcome.bodySha256,
      succeeded: result.ok,
      response_status: result.status ?? null,
      response_headers: result.headers ?? null,
      // PostgreSQL text cannot hold NUL; a binary answer keeps everything else.
      response_body: result.body?.replace(/\0/g, "\uFFFD") ?? null,
      response_body_truncated: result.bodyTruncated,
      duration_ms: result.durationMs,
      error_class: result.errorClass ?? null,
      error_message: result.errorMessage ?? null,
      created_at: outcome.at,
    });
    updates.push({
      id: claim.deliveryId,
      token: claim.leaseToken,
      status: decision.status,
      attempt_count: claim.attemptNumber,
      sent: true,
      next: decision.nextAttemptAt,
      // Retries after a manual attempt are ordinary scheduled ones.
      trigger: "scheduled",
      last_status: result.status ?? null,
      last_error: describeFailure(result),
      last_attempt_at: outcome.at,
    });
  }

  const attempted = outcomes.filter((o): o is Extract<Outcome, { kind: "attempted" }> => o.kind === "attempted");
  const succeededEndpoints = [...new Set(attempted.filter((o) => o.result.ok).map((o) => o.prepared.endpoint.id))];
  // A receiver asking to abort is a decision, not a malfunction, so it does not count towards auto-disable.
  const failingEndpoints = [...new Set(attempted.filter((o) => !o.result.ok && !o.result.abortRequested).map((o) => o.prepared.endpoint.id))].filter(
    (id) => !succeededEndpoints.includes(id),
  );
  const exhausted = attempted.filter((o) => decisions.get(o.prepared.claim.deliveryId)?.status === "exhausted");

  const write = async (t: Tx) => {
    const applied = await t.execute<{ id: string }>(writeOutcomes(updates, attemptRows, succeededEndpoints));
    const appliedIds = new Set(applied.map((r) => r.id));
    // A late outcome (its lease lapsed and the delivery was claimed again) is what really happened to the attempt the
    // newer claim logged as worker_lost: that placeholder goes.
    const late = attempted.filter((o) => !appliedIds.has(o.prepared.claim.deliveryId));
    if (late.length) {
      await t.execute(sql`
        delete from attempts a
        using json_to_recordset(${JSON.stringify(late.map((o) => ({ id: o.prepared.claim.deliveryId, number: o.prepared.claim.attemptNumber })))}::json) as v(id text, number int)
        where a.delivery_id = v.id and a.number = v.number and a.error_class = ${ATTEMPT_WORKER_LOST}`);
    }
    await trackFailures(t, failingEndpoints);
    const raised = exhausted.filter((o) => appliedIds.has(o.prepared.claim.deliveryId));
    if (raised.length) {
      await t.insert(operationalEvents).values(
        raised.map((o) => ({
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
    return appliedIds;
  };
  const appliedIds = failingEndpoints.length || exhausted.length ? await tx.transaction(write) : await write(tx);
  // A service that ended the connection itself (Zapier's 410) has its endpoint removed now the attempt is stored.
  const ended = attempted.filter((o) => appliedIds.has(o.prepared.claim.deliveryId) && "endsConnection" in o.result && o.result.endsConnection);
  if (ended.length) await removeEndedConnections([...new Set(ended.map((o) => o.prepared.endpoint.id))], tx);

  observeAttempts(
    attempted.map((o) => ({
      workspaceId: o.prepared.workspaceId,
      applicationId: o.prepared.applicationId,
      endpointId: o.prepared.endpoint.id,
      messageId: o.prepared.messageId,
      deliveryId: o.prepared.claim.deliveryId,
      attempt: o.prepared.claim.attemptNumber,
      outcome: appliedIds.has(o.prepared.claim.deliveryId) ? decisions.get(o.prepared.claim.deliveryId)!.status : "lease_lost",
      status: o.result.status ?? null,
      errorClass: o.result.errorClass ?? null,
      durationMs: o.result.durationMs,
      nextAttemptAt: decisions.get(o.prepared.claim.deliveryId)!.nextAttemptAt,
    })),
  );
  return outcomes.map((o) => {
    const id = o.prepared.claim.deliveryId;
    if (!appliedIds.has(id)) return { deliveryId: id, status: "lease_lost" as const, nextAttemptAt: null };
    if (o.kind === "deferred") return { deliveryId: id, status: "deferred" as const, nextAttemptAt: o.until };
    const decision = decisions.get(id)!;
    return { deliveryId: id, status: decision.status, attemptNumber: o.prepared.claim.attemptNumber, nextAttemptAt: decision.nextAttemptAt };
  });
}

/**
 * Hands claims back unsent (a worker shutting down): each delivery is due again at once, as it was before the claim,
 * and its count taken back, so another worker takes it over without waiting for the lease to lapse.
 */
export function releaseClaims(claimed: PreparedDelivery[], tx: Tx = db()): Promise<RecordedOutcome[]> {
  const now = new Date();
  return recordOutcomes(claimed.map((prepared) => ({ kind: "deferred" as const, prepared, until: now })), Math.random, tx);
}

/** Extends the leases of claims still held (queued or in flight); returns the ids whose lease this claim still had. */
export async function renewLeases(claims: Claim[], leaseSeconds = LEASE_SECONDS, tx: Tx = db()): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const rows = await tx.execute<{ id: string }>(sql`
    update deliveries d set lease_until = now() + make_interval(secs => ${leaseSeconds}),
      next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
    from json_to_recordset(${JSON.stringify(claims.map((c) => ({ id: c.deliveryId, token: c.leaseToken })))}::json) as v(id text, token text)
    where d.id = v.id and d.lease_token = v.token
    returning d.id`);
  return new Set(rows.map((r) => r.id));
}

export type AttemptResult =
  | RecordedOutcome
  /** Nothing was sent: the delivery is not due, is leased by someone else, is final, or its endpoint is not enabled. */
  | { deliveryId: Id<"dlv">; status: "skipped"; reason: "not_found" | "not_due" | "leased" | "final" | "endpoint_not_enabled"; nextAttemptAt: Date | null };

async function whySkipped(deliveryId: Id<"dlv">, tx: Tx): Promise<AttemptResult> {
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
export async function attemptDelivery(deliveryId: Id<"dlv">, options: { trigger?: Trigger } = {}, tx: Tx = db()): Promise<AttemptResult> {
  const [claimed] = await claimDeliveries({ limit: 1, ids: [deliveryId], leaseSeconds: UNRENEWED_LEASE_SECONDS }, tx);
  if (!claimed) return whySkipped(deliveryId, tx);
  const prepared = { ...claimed, claim: { ...claimed.claim, trigger: options.trigger ?? claimed.claim.trigger } };
  const outcome = await performAttempt(prepared);
  const [recorded] = await recordOutcomes([outcome], Math.random, tx);
  return recorded;
}
