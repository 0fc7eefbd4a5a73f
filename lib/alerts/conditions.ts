import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db";
import { type alertRules, type AlertEvidence, type AlertEvidenceRef, inDueIndex } from "@/db/schema";
import type { AlertParams, AlertRuleKind } from "@/lib/alerts/schemas";

/**
 * Each rule kind's condition as one indexed query: which subjects (endpoints, sources, keys, the rule's scope) it is
 * true of at `now`, with the evidence. A subject the query returns is firing; one it no longer returns has resolved.
 * Every time in the queries is `now` as passed, never the database's clock, so tests evaluate at a chosen moment.
 */

type Rule = typeof alertRules.$inferSelect;
export type Findings = Map<string, AlertEvidence>;

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);
const ref = (type: AlertEvidenceRef["type"], id: string | null | undefined): AlertEvidenceRef[] => (id ? [{ type, id }] : []);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The rule's application / endpoint scope on endpoints `e` (none: every endpoint of the workspace). */
function endpointScope(rule: Rule): SQL {
  return sql.join(
    [
      sql`e.workspace_id = ${rule.workspaceId}`,
      rule.applicationId ? sql`e.application_id = ${rule.applicationId}` : undefined,
      rule.endpointId ? sql`e.id = ${rule.endpointId}` : undefined,
    ].filter((c): c is SQL => c !== undefined),
    sql` and `,
  );
}

/**
 * Failure rate per endpoint over the window, from the per-minute rollups (attempt_rollups_workspace_minute; the
 * rollup job runs every minute, so the last minute may not be counted yet), with its latest failed attempt
 * (attempts_endpoint_created).
 */
async function failureRate(rule: Rule, p: AlertParams["failure_rate"], now: Date, tx: Tx): Promise<Findings> {
  const rows = await tx.execute<{ endpoint_id: string; total: number; failed: number; attempt_id: string | null; message_id: string | null }>(sql`
    select f.endpoint_id, f.total, f.failed, la.id as attempt_id, la.message_id
    from (
      select r.endpoint_id, sum(r.total)::int as total, sum(r.failed)::int as failed
      from attempt_rollups r join endpoints e on e.id = r.endpoint_id
      where r.workspace_id = ${rule.workspaceId} and r.minute >= ${at(minutesBefore(now, p.windowMinutes))} and r.minute < ${at(now)} and ${endpointScope(rule)}
      group by r.endpoint_id
      having sum(r.total) >= ${p.minAttempts} and sum(r.failed) * 100.0 / sum(r.total) > ${p.thresholdPercent}
    ) f
    left join lateral (
      select a.id, a.message_id from attempts a where a.endpoint_id = f.endpoint_id and not a.succeeded and a.created_at < ${at(now)}
      order by a.created_at desc, a.id desc limit 1
    ) la on true`);
  return new Map(
    rows.map((r) => {
      const rate = Math.round((r.failed / r.total) * 1000) / 10;
      return [
        r.endpoint_id,
        {
          summary: `${rate}% of ${plural(r.total, "attempt")} to endpoint ${r.endpoint_id} failed in the last ${plural(p.windowMinutes, "minute")} (threshold ${p.thresholdPercent}%).`,
          figures: { failureRatePercent: rate, attempts: r.total, failed: r.failed, windowMinutes: p.windowMinutes, thresholdPercent: p.thresholdPercent },
          refs: [...ref("endpoint", r.endpoint_id), ...ref("message", r.message_id), ...ref("attempt", r.attempt_id)],
        },
      ];
    }),
  );
}

/** Endpoints whose last N attempts all failed: per endpoint (endpoints_workspace_created), its newest N attempts (attempts_endpoint_created). */
async function consecutiveFailures(rule: Rule, p: AlertParams["consecutive_failures"], now: Date, tx: Tx): Promise<Findings> {
  const rows = await tx.execute<{ endpoint_id: string; attempt_id: string; message_id: string; status: number | null; error_class: string | null }>(sql`
    select e.id as endpoint_id, x.ids[1] as attempt_id, x.messages[1] as message_id, x.statuses[1] as status, x.errors[1] as error_class
    from endpoints e
    cross join lateral (
      select count(*)::int as n, count(*) filter (where not a.succeeded)::int as failed,
        array_agg(a.id order by a.created_at desc, a.id desc) as ids, array_agg(a.message_id order by a.created_at desc, a.id desc) as messages,
        array_agg(a.response_status order by a.created_at desc, a.id desc) as statuses, array_agg(a.error_class order by a.created_at desc, a.id desc) as errors
      from (
        select a.id, a.message_id, a.succeeded, a.response_status, a.error_class, a.created_at from attempts a
        where a.endpoint_id = e.id and a.created_at <= ${at(now)} order by a.created_at desc, a.id desc limit ${p.count}
      ) a
    ) x
    where ${endpointScope(rule)} and x.n = ${p.count} and x.failed = ${p.count}`);
  return new Map(
    rows.map((r) => [
      r.endpoint_id,
      {
        summary: `The last ${plural(p.count, "attempt")} to endpoint ${r.endpoint_id} failed (latest: ${r.status ? `HTTP ${r.status}` : (r.error_class ?? "error")}).`,
        figures: { consecutiveFailures: p.count, lastStatus: r.status, lastErrorClass: r.error_class },
        refs: [...ref("endpoint", r.endpoint_id), ...ref("message", r.message_id), ...ref("attempt", r.attempt_id)],
      },
    ]),
  );
}

/**
 * Endpoints disabled automatically (an endpoint.disabled operational event at their disabled_at, through
 * operational_events_workspace_type_created) and still disabled. A member's own disable is no incident.
 */
async function endpointDisabled(rule: Rule, _p: AlertParams["endpoint_disabled"], _now: Date, tx: Tx): Promise<Findings> {
  const rows = await tx.execute<{ endpoint_id: string; url: string; reason: string | null; disabled_at: string; event_id: string }>(sql`
    select e.id as endpoint_id, e.url, e.disabled_reason as reason, e.disabled_at, o.id as event_id
    from endpoints e
    join lateral (
      select o.id from operational_events o
      where o.workspace_id = e.workspace_id and o.type = 'endpoint.disabled' and o.created_at >= e.disabled_at and o.payload->>'endpointId' = e.id
      order by o.created_at desc limit 1
    ) o on true
    where ${endpointScope(rule)} and e.status = 'disabled'`);
  return new Map(
    rows.map((r) => [
      r.endpoint_id,
      {
        summary: `Endpoint ${r.endpoint_id} (${r.url}) was disabled: ${r.reason ?? "every delivery failed"}`,
        figures: { disabledAt: new Date(r.disabled_at).toISOString(), operationalEvent: r.event_id },
        refs: ref("endpoint", r.endpoint_id),
      },
    ]),
  );
}

/**
 * Endpoints with a delivery exhausted in the window (message.attempt.exhausted events, through
 * operational_events_workspace_type_created) and no success since: the endpoint's failure run (first_failure_at,
 * cleared by any success) began at or before the exhaustion. A success on the endpoint (a replay, the next message)
 * resolves it.
 */
async function deliveryExhausted(rule: Rule, p: AlertParams["delivery_exhausted"], now: Date, tx: Tx): Promise<Findings> {
  const rows = await tx.execute<{ endpoint_id: string; exhausted: number; last: { deliveryId: string; messageId: string; attempts: number; lastResponseStatus: number | null; lastError: string | null } }>(sql`
    select e.id as endpoint_id, count(*)::int as exhausted, (array_agg(o.payload order by o.created_at desc))[1] as last
    from operational_events o join endpoints e on e.id = o.payload->>'endpointId'
    where o.workspace_id = ${rule.workspaceId} and o.type = 'message.attempt.exhausted'
      and o.created_at >= ${at(minutesBefore(now, p.windowMinutes))} and o.created_at <= ${at(now)}
      and ${endpointScope(rule)} and e.first_failure_at is not null and e.first_failure_at <= o.created_at
    group by e.id`);
  return new Map(
    rows.map((r) => [
      r.endpoint_id,
      {
        // lastError is a sentence of its own ("The receiver answered 500."), so it follows a colon, not a comma.
        summary: `${plural(r.exhausted, "delivery")} to endpoint ${r.endpoint_id} failed for good. The latest, of message ${r.last.messageId}, gave up after ${plural(r.last.attempts, "attempt")}: ${(r.last.lastError ?? "The last one failed").replace(/\.?$/, ".")}`,
        figures: { exhaustedDeliveries: r.exhausted, lastStatus: r.last.lastResponseStatus, lastError: r.last.lastError, attempts: r.last.attempts },
        refs: [...ref("endpoint", r.endpoint_id), ...ref("message", r.last.messageId), ...ref("delivery", r.last.deliveryId)],
      },
    ]),
  );
}

/**
 * Sources whose requests failed verification (rejected with 401, what ingest answers a bad signature, timestamp or
 * credential) at least N times in the window, through inbound_requests_source_rejected_created.
 */
async function inboundVerificationFailures(rule: Rule, p: AlertParams["inbound_verification_failures"], now: Date, tx: Tx): Promise<Findings> {
  const rows = await tx.execute<{ source_id: string; name: string; failures: number; request_id: string; reason: string | null }>(sql`
    select s.id as source_id, s.name, x.failures, x.request_id, x.reason
    from sources s
    cross join lateral (
      select count(*)::int as failures, (array_agg(r.id order by r.created_at desc))[1] as request_id, (array_agg(r.reason order by r.created_at desc))[1] as reason
      from inbound_requests r
      where r.source_id = s.id and r.verdict = 'rejected' and r.created_at >= ${at(minutesBefore(now, p.windowMinutes))} and r.created_at < ${at(now)} and r.status = 401
    ) x
    where s.workspace_id = ${rule.workspaceId} ${rule.sourceId ? sql`and s.id = ${rule.sourceId}` : sql``} and x.failures >= ${p.count}`);
  return new Map(
    rows.map((r) => [
      r.source_id,
      {
        summary: `${plural(r.failures, "request")} to source ${r.name} failed verification in the last ${plural(p.windowMinutes, "minute")} (latest: ${r.reason ?? "rejected"}).`,
        figures: { failures: r.failures, windowMinutes: p.windowMinutes, threshold: p.count, lastReason: r.reason },
        refs: [...ref("source", r.source_id), ...ref("request", r.request_id)],
      },
    ]),
  );
}

/** Live keys (not revoked) that expire within N days (api_keys_workspace_created: a workspace's keys). */
async function apiKeyExpiring(rule: Rule, p: AlertParams["api_key_expiring"], now: Date, tx: Tx): Promise<Findings> {
  const rows = await tx.execute<{ id: string; name: string; expires_at: string }>(sql`
    select k.id, k.name, k.expires_at from api_keys k
    where k.workspace_id = ${rule.workspaceId} and k.revoked_at is null and k.expires_at is not null
      and k.expires_at > ${at(now)} and k.expires_at <= ${at(new Date(now.getTime() + p.days * 86_400_000))}`);
  return new Map(
    rows.map((r) => {
      const expiresAt = new Date(r.expires_at);
      const hours = Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 3_600_000));
      return [
        r.id,
        {
          summary: `API key ${r.name} expires ${expiresAt.toISOString()} (in ${hours < 48 ? plural(hours, "hour") : plural(Math.round(hours / 24), "day")}).`,
          figures: { expiresAt: expiresAt.toISOString(), days: p.days },
          refs: ref("api_key", r.id),
        },
      ];
    }),
  );
}

/**
 * The rule's scope has a delivery waiting more than the threshold past its due time: the oldest due delivery
 * (deliveries_due, the index the queue-lag gauge in lib/monitoring/metrics.ts reads, with the same predicate).
 */
async function deliveryLag(rule: Rule, p: AlertParams["delivery_lag"], now: Date, tx: Tx): Promise<Findings> {
  const [row] = await tx.execute<{ id: string; message_id: string; endpoint_id: string; next_attempt_at: string }>(sql`
    select d.id, d.message_id, d.endpoint_id, d.next_attempt_at from deliveries d join endpoints e on e.id = d.endpoint_id
    where ${inDueIndex("d")}
      and d.next_attempt_at <= ${at(new Date(now.getTime() - p.lagSeconds * 1000))} and d.workspace_id = ${rule.workspaceId} and ${endpointScope(rule)}
    order by d.next_attempt_at limit 1`);
  if (!row) return new Map();
  const lag = Math.round((now.getTime() - new Date(row.next_attempt_at).getTime()) / 1000);
  return new Map([
    [
      scopeSubject(rule),
      {
        summary: `The oldest due delivery has waited ${lag} s past its time (threshold ${p.lagSeconds} s).`,
        figures: { lagSeconds: lag, thresholdSeconds: p.lagSeconds },
        refs: [...ref("endpoint", row.endpoint_id), ...ref("message", row.message_id), ...ref("delivery", row.id)],
      },
    ],
  ]);
}

/** The subject of a rule about its whole scope: the endpoint, the application, or the workspace. */
export const scopeSubject = (rule: Rule) => rule.endpointId ?? rule.applicationId ?? "workspace";

const FINDERS: { [K in AlertRuleKind]: (rule: Rule, params: AlertParams[K], now: Date, tx: Tx) => Promise<Findings> } = {
  failure_rate: failureRate,
  consecutive_failures: consecutiveFailures,
  endpoint_disabled: endpointDisabled,
  delivery_exhausted: deliveryExhausted,
  inbound_verification_failures: inboundVerificationFailures,
  api_key_expiring: apiKeyExpiring,
  delivery_lag: deliveryLag,
};

/** What the rule's condition is true of at `now`, by subject. Params were checked when the rule was saved. */
export function findFiring(rule: Rule, now: Date, tx: Tx): Promise<Findings> {
  const find = FINDERS[rule.kind] as (rule: Rule, params: unknown, now: Date, tx: Tx) => Promise<Findings>;
  return find(rule, rule.params, now, tx);
}
