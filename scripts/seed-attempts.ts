// Seeds a workspace with delivery history for the log and dashboard benchmarks: `attempts` attempts (two per message,
// one delivery each) over the last 30 days, across 20 applications × 5 endpoints, a tenth of them from an inbound
// source, with realistic outcomes (about 80 % succeeding, failures spread over 5xx, 4xx, timeouts and connection
// errors) and latencies. Written with generate_series in bounded batches, so a million rows take seconds, not an API
// call each.
//
//   DATABASE_URL=postgres://... npx tsx scripts/seed-attempts.ts [attempts, default 1000000]
//
// scripts/bench/monitoring.ts calls seedAttempts on its own fresh database.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { db } from "../db";
import type { RequestContext } from "../lib/api/request-context";
import { createEndpoint } from "../lib/outbound/endpoints";
import { createSource } from "../lib/inbound/sources";
import { createOwnerForBench, insertApplications } from "./bench/fixtures";
import type { Id } from "../lib/platform/id-types";

/** Messages (each with 2 attempts) written per statement: bounded, so a batch never holds the database for long. */
const BATCH_MESSAGES = 50_000;
const SPAN_SECONDS = 30 * 24 * 3600;

export interface Seeded {
  ctx: RequestContext;
  applicationIds: Id<"app">[];
  endpointIds: Id<"ep">[];
  sourceId: Id<"src">;
  attempts: number;
}

export async function seedAttempts(attempts: number, ctx?: RequestContext): Promise<Seeded> {
  const owner = ctx ?? (await createOwnerForBench());
  const { endpoint: template } = await createEndpoint({ url: "http://127.0.0.1:9/seed" }, owner);
  const made = await insertApplications(owner.workspaceId, 20, (i) => Array.from({ length: 5 }, (_, k) => ({ url: `http://127.0.0.1:9/app-${i}/ep-${k}`, eventTypes: null })), template.id);
  const endpointIds = made.map((e) => e.id);
  const source = await createSource({ name: "seeded source" }, owner);
  const tag = randomBytes(3).toString("hex");
  const messages = Math.ceil(attempts / 2);
  const endpointsJson = JSON.stringify(endpointIds);

  for (let start = 0; start < messages; start += BATCH_MESSAGES) {
    const end = Math.min(messages, start + BATCH_MESSAGES) - 1;
    // g is the message's number, oldest first; its time spreads the messages evenly over the span.
    await db().execute(sql`
      with s as (
        select g, ${`msg_${tag}_`} || g as message_id, ${`dlv_${tag}_`} || g as delivery_id,
          (${endpointsJson}::jsonb ->> (g % ${endpointIds.length}::int)) as endpoint_id,
          now() - make_interval(secs => ${SPAN_SECONDS}::int * (1 - g::float8 / ${messages}::int)) as at,
          -- A cheap deterministic pseudo-random number in 0..999 per message.
          (g * 2654435761::bigint) % 1000 as r
        from generate_series(${start}::int, ${end}::int) g
      ), m as (
        insert into messages (id, workspace_id, event_type, version, payload, event_id, source_id, created_at)
        select message_id, ${owner.workspaceId}, case when r < 500 then 'invoice.paid' else 'customer.updated' end, 1,
          jsonb_build_object('customer', jsonb_build_object('id', 'cus_' || (g % 5000)), 'amount', r),
          'evt_' || g, case when r % 10 = 0 then ${source.id} end, at
        from s
      ), d as (
        insert into deliveries (id, workspace_id, message_id, endpoint_id, status, attempt_count, created_at, updated_at, last_attempt_at)
        select delivery_id, ${owner.workspaceId}, message_id, endpoint_id, case when r < 950 then 'succeeded' else 'exhausted' end::delivery_status, 2, at, at, at
        from s
      )
      insert into attempts (id, delivery_id, workspace_id, message_id, endpoint_id, number, trigger, url, request_headers, request_body_sha256,
        succeeded, response_status, duration_ms, error_class, created_at)
      select ${`att_${tag}_`} || s.g || '_' || n, s.delivery_id, ${owner.workspaceId}, s.message_id, s.endpoint_id, n, 'scheduled', 'http://127.0.0.1:9/seed',
        '{}'::jsonb, '', ok, case when ok then 200 when s.r % 4 = 0 then null when s.r % 4 = 1 then 404 else 503 end,
        (20 + (s.r * 7 + n * 131) % 900)::int,
        case when ok then null when s.r % 4 = 0 then (case when s.r % 8 = 0 then 'timeout' else 'connect' end) else 'http_status' end,
        s.at + make_interval(secs => (n - 1) * 30 + (s.r % 50) / 100.0)
      from s cross join lateral (select n, (n = 2 and s.r < 950) or (n = 1 and s.r < 650) as ok from generate_series(1, 2) n) a`);
  }
  await db().execute(sql`analyze messages; analyze deliveries; analyze attempts`);
  return { ctx: owner, applicationIds: [...new Set(made.map((e) => e.applicationId))], endpointIds, sourceId: source.id, attempts: messages * 2 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const started = performance.now();
  seedAttempts(count).then(
    async (seeded) => {
      console.log(`seeded ${seeded.attempts} attempts in workspace ${seeded.ctx.workspaceId} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const { closeDb } = await import("../db");
      await closeDb();
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
