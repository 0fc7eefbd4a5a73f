// The retention purge's benchmark (docs/retention.md), in the delivery benchmarks' process (deliveries.ts: the
// worker's runtime options), as the purge runs beside the worker in production.
import { sql } from "drizzle-orm";
import { db } from "../../db";
import { type PurgeBatch, purgeExpiredData, type PurgeResult } from "../../lib/retention";
import { seedAttempts } from "../seed-attempts";
import { report } from "./harness";
import { fmt } from "./load";
import { deliverAll, queuedDeliveries } from "./outbound";

/** Attempts seeded per workspace (two per message, spread over 30 days); BENCH_RETENTION_ATTEMPTS overrides. */
const ATTEMPTS = Number(process.env.BENCH_RETENTION_ATTEMPTS ?? 100_000);
/** The windows the seeded workspaces get: a third of the history loses its payloads, a third is deleted. */
const PAYLOAD_DAYS = 10;
const METADATA_DAYS = 20;

/** A workspace with ATTEMPTS attempts of history whose receivers answered with a body, and short windows. */
async function seededWorkspace(): Promise<string> {
  const { ctx } = await seedAttempts(ATTEMPTS);
  await db().execute(sql`update attempts set response_body = '{"received":true,"id":"' || id || '"}' where workspace_id = ${ctx.workspaceId} and response_status is not null`);
  await db().execute(sql`update workspaces set payload_retention_days = ${PAYLOAD_DAYS}, metadata_retention_days = ${METADATA_DAYS} where id = ${ctx.workspaceId}`);
  await db().execute(sql`vacuum analyze messages, deliveries, attempts`);
  return ctx.workspaceId;
}

const rowsOf = (r: PurgeResult) => r.payloadsPurged + r.attemptBodiesPurged + r.inboundBodiesPurged + r.messagesDeleted + r.deliveriesDeleted + r.attemptsDeleted + r.inboundRequestsDeleted + r.operationalEventsDeleted + r.rollupsDeleted;

async function timedPurge(workspaceId: string, batchSize: number, yieldRatio?: number) {
  const batches: PurgeBatch[] = [];
  const started = performance.now();
  const result = await purgeExpiredData({ workspaceId, batchSize, yieldRatio, onBatch: (b) => batches.push(b) });
  const seconds = (performance.now() - started) / 1000;
  const sorted = batches.map((b) => b.durationMs).sort((a, b) => a - b);
  return { result, rows: rowsOf(result), seconds, perSecond: rowsOf(result) / seconds, longestMs: result.longestBatchMs, p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0, batches: batches.length };
}

/**
 * 1. Throughput and locks: the purge in batches of 2,000 against the same purge of an identical workspace done in one
 *    transaction per step (what a plain DELETE ... WHERE created_at < cutoff would do). Rows per second, and the longest
 *    transaction (every row lock the purge takes is held until its transaction ends, so this is its longest lock).
 * 2. Delivery throughput while a purge runs (as the job runs it: yielding between batches) against the same delivery
 *    run without it (target at least 0.8).
 */
export async function benchRetention(receiverUrl: string) {
  console.log(`\n## Retention (${ATTEMPTS} attempts per workspace over 30 days; payloads kept ${PAYLOAD_DAYS} days, metadata ${METADATA_DAYS})`);
  const [batched, oneShot, concurrent] = [await seededWorkspace(), await seededWorkspace(), await seededWorkspace()];

  // Both back to back (no yielding between batches): the cost of batching itself.
  const b = await timedPurge(batched, 2_000, 0);
  const o = await timedPurge(oneShot, 10_000_000, 0);
  console.log(`  batched: ${b.rows} rows in ${fmt(b.seconds * 1000)} ms, ${b.batches} batches (payloads ${b.result.payloadsPurged}, attempt bodies ${b.result.attemptBodiesPurged}, messages ${b.result.messagesDeleted}, deliveries ${b.result.deliveriesDeleted}, attempts ${b.result.attemptsDeleted}, rollups ${b.result.rollupsDeleted}); batch p95 ${fmt(b.p95Ms)} ms`);
  report("Retention purge in batches of 2,000 (rows changed or deleted per second)", b.perSecond, o.perSecond, "rows/s");
  report("Longest lock the purge holds: its longest batch transaction, against one transaction per step", b.longestMs, o.longestMs, "ms");

  // Deliveries with and without the purge beside them; the purge is started first and must still be running when
  // the deliveries are done, or the comparison says so.
  const total = 3000;
  await deliverAll(await queuedDeliveries(receiverUrl, 500), 500, 60);
  const before = (await deliverAll(await queuedDeliveries(receiverUrl, total), total, 120)).perSecond;
  const scope = await queuedDeliveries(receiverUrl, total);
  let purgeDone = false;
  const purging = timedPurge(concurrent, 2_000).finally(() => (purgeDone = true));
  const during = (await deliverAll(scope, total, 120)).perSecond;
  const overlapped = !purgeDone;
  const c = await purging;
  // The baseline is the better of a run before and one after, so a machine busier on one side does not flatter the ratio.
  const alone = Math.max(before, (await deliverAll(await queuedDeliveries(receiverUrl, total), total, 120)).perSecond);
  report(`Deliveries (${total}) while the purge runs, against the same run without it${overlapped ? "" : " (the purge ended first: partial overlap)"}`, during, alone, "deliveries/s", 0.8);
  console.log(`  the concurrent purge (yielding as long as each batch took): ${c.rows} rows in ${fmt(c.seconds * 1000)} ms (${fmt(c.perSecond)} rows/s), longest batch ${fmt(c.longestMs)} ms`);
}
