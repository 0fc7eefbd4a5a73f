import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import type { RequestContext } from "@/lib/api/request-context";
import { createSource } from "@/lib/inbound/sources";
import { createEndpoint } from "@/lib/outbound/endpoints";

// Rows of a chosen age written straight into the tables the purge reads, so each test sets exactly the history it
// checks (the purge only looks at created_at, statuses and the windows).

const DAY_MS = 86_400_000;
export const daysAgo = (days: number, now = Date.now()) => new Date(now - days * DAY_MS);

export async function endpointAndSource(ctx: RequestContext) {
  const { endpoint } = await createEndpoint({ url: "http://127.0.0.1:9/retention" }, ctx);
  const source = await createSource({ name: `retention ${randomBytes(3).toString("hex")}` }, ctx);
  return { endpointId: endpoint.id, sourceId: source.id };
}

export interface SeededMessage {
  messageId: string;
  deliveryId: string;
  attemptId: string;
}

/** A message of this age with one delivery (in `status`) and one attempt with a response body. */
export async function seedMessage(
  workspaceId: string,
  endpointId: string,
  ageDays: number,
  delivery: { status?: string; nextAttemptAt?: Date | null } = {},
): Promise<SeededMessage> {
  const tag = randomBytes(6).toString("hex");
  const at = daysAgo(ageDays).toISOString();
  const ids = { messageId: `msg_${tag}`, deliveryId: `dlv_${tag}`, attemptId: `att_${tag}` };
  await db().execute(sql`
    with m as (
      insert into messages (id, workspace_id, event_type, version, payload, created_at)
      values (${ids.messageId}, ${workspaceId}, 'invoice.paid', 1, '{"secret":"card"}'::jsonb, ${at}::timestamptz)
    ), d as (
      insert into deliveries (id, workspace_id, message_id, endpoint_id, status, attempt_count, next_attempt_at, created_at, updated_at)
      values (${ids.deliveryId}, ${workspaceId}, ${ids.messageId}, ${endpointId}, ${delivery.status ?? "succeeded"}::delivery_status, 1,
        ${delivery.nextAttemptAt?.toISOString() ?? null}::timestamptz, ${at}::timestamptz, ${at}::timestamptz)
    )
    insert into attempts (id, delivery_id, workspace_id, message_id, endpoint_id, number, trigger, url, request_headers, request_body_sha256,
      succeeded, response_status, response_body, duration_ms, created_at)
    values (${ids.attemptId}, ${ids.deliveryId}, ${workspaceId}, ${ids.messageId}, ${endpointId}, 1, 'scheduled', 'http://127.0.0.1:9/retention', '{}'::jsonb, 'abc',
      true, 200, 'thanks, card received', 12, ${at}::timestamptz)`);
  return ids;
}

/** An inbound request of this age with a body. */
export async function seedInbound(workspaceId: string, sourceId: string, ageDays: number): Promise<string> {
  const id = `req_${randomBytes(6).toString("hex")}`;
  await db().execute(sql`
    insert into inbound_requests (id, workspace_id, source_id, method, headers, body, body_size, verdict, status, created_at)
    values (${id}, ${workspaceId}, ${sourceId}, 'POST', '[]'::jsonb, convert_to('{"card":"4242"}', 'UTF8'), 15, 'accepted', 202, ${daysAgo(ageDays).toISOString()}::timestamptz)`);
  return id;
}

export async function seedOperationalEvent(workspaceId: string, ageDays: number): Promise<string> {
  const id = `oev_${randomBytes(6).toString("hex")}`;
  await db().execute(sql`insert into operational_events (id, workspace_id, type, payload, created_at) values (${id}, ${workspaceId}, 'endpoint.disabled', '{}'::jsonb, ${daysAgo(ageDays).toISOString()}::timestamptz)`);
  return id;
}

/** One rollup row `ageDays` old: an endpoint's minute or hour, or the workspace's own (attempt_rollup_scopes). */
export async function seedRollup(workspaceId: string, endpointId: string, ageDays: number, level: "minute" | "hour" | "scope minute" | "scope hour" = "minute") {
  const period = level.endsWith("hour") ? 3_600_000 : 60_000;
  const at = new Date(Math.floor(daysAgo(ageDays).getTime() / period) * period).toISOString();
  const counts = sql`1, 1, 0, '{0,1,0,0,0}', '{}', '{1}', 12, 0, 0, 0`;
  const columns = sql`total, succeeded, failed, status_counts, error_counts, latency_counts, duration_sum_ms, lag_count, lag_sum_ms, lag_max_ms`;
  if (level.startsWith("scope")) {
    await db().execute(sql`insert into attempt_rollup_scopes (workspace_id, application_id, granularity, at, ${columns})
      values (${workspaceId}, null, ${level === "scope hour" ? "hour" : "minute"}, ${at}::timestamptz, ${counts})`);
    return;
  }
  const table = level === "hour" ? sql`attempt_rollups_hourly` : sql`attempt_rollups`;
  await db().execute(sql`
    insert into ${table} (workspace_id, application_id, endpoint_id, source_id, ${sql.raw(level)}, ${columns})
    select ${workspaceId}, e.application_id, e.id, null, ${at}::timestamptz, ${counts}
    from endpoints e where e.id = ${endpointId}`);
}

export async function row<T extends Record<string, unknown>>(query: ReturnType<typeof sql>): Promise<T | undefined> {
  const [r] = await db().execute<T>(query);
  return r as T | undefined;
}
