import { count, eq, inArray, sql } from "drizzle-orm";
import { db } from "../../db";
import { deliveries, messages } from "../../db/schema";
import { createBroadcast, runBroadcast } from "../../lib/outbound/broadcast";
import { createEndpoint } from "../../lib/outbound/endpoints";
import { createEventType } from "../../lib/outbound/event-types";
import { sendMessage } from "../../lib/outbound/send";
import { createOwnerForBench, insertApplications } from "./fixtures";
import { report } from "./harness";
import { fmt } from "./load";
import { deliverAll, queuedDeliveries } from "./outbound";

const APPLICATIONS = 10_000;

/** A workspace of `n` applications with one endpoint each at the receiver (paused when asked: no deliveries go out). */
async function applicationsWorkspace(receiverUrl: string, n: number, paused = false) {
  const ctx = await createOwnerForBench();
  await createEventType({ name: "bench.event" }, ctx);
  // The first application's endpoint is made the ordinary way; the others copy its signing secret.
  const { endpoint } = await createEndpoint({ url: `${receiverUrl}?a=0`, paused }, ctx);
  const made = await insertApplications(ctx.workspaceId, n - 1, (i) => [{ url: `${receiverUrl}?a=${i + 1}`, eventTypes: null, status: paused ? "paused" : "enabled" }], endpoint.id);
  await db().execute(sql`analyze applications, endpoints, endpoint_secrets`);
  return { ctx, applicationIds: [endpoint.applicationId, ...new Set(made.map((e) => e.applicationId))] };
}

/**
 * A broadcast to 10,000 applications with one endpoint each: how long until every message (and delivery) is written,
 * against the same number of messages sent one per application through POST /messages' core (sendMessage, 16 at a
 * time, to a workspace of paused endpoints so nothing is delivered); then how fast its 10,000 deliveries go out,
 * against 10,000 deliveries of ordinary sends to one application, in the same run.
 */
export async function benchBroadcast(receiverUrl: string) {
  console.log("\n## Broadcast");
  const { ctx } = await applicationsWorkspace(receiverUrl, APPLICATIONS);
  const started = performance.now();
  const accepted = await createBroadcast({ eventType: "bench.event", payload: { n: 1 } }, ctx);
  const result = await runBroadcast(accepted.id);
  const writeSeconds = (performance.now() - started) / 1000;
  const { messagesCreated, deliveriesCreated } = result.broadcast.progress;
  if (result.broadcast.status !== "completed" || messagesCreated !== APPLICATIONS || deliveriesCreated !== APPLICATIONS) {
    throw new Error(`the broadcast ended ${result.broadcast.status} with ${messagesCreated} messages and ${deliveriesCreated} deliveries`);
  }

  // The baseline: one send per application, bounded in count.
  const sends = 2_000;
  const baseline = await applicationsWorkspace(receiverUrl, sends, true);
  const sendStarted = performance.now();
  for (let i = 0; i < sends; i += 16) {
    await Promise.all(baseline.applicationIds.slice(i, i + 16).map((application) => sendMessage({ application, eventType: "bench.event", payload: { n: 1 } }, baseline.ctx)));
  }
  const sendSeconds = (performance.now() - sendStarted) / 1000;
  const [{ n: sent }] = await db().select({ n: count() }).from(messages).where(eq(messages.workspaceId, baseline.ctx.workspaceId));
  if (sent !== sends) throw new Error(`only ${sent} of ${sends} baseline sends were stored`);
  console.log(`  broadcast to ${APPLICATIONS} applications: every message and delivery written in ${fmt(writeSeconds * 1000)} ms`);
  report(`Broadcast messages written (${APPLICATIONS} applications, one endpoint each)`, APPLICATIONS / writeSeconds, sends / sendSeconds, "messages/s");

  // Delivery: the broadcast's deliveries (10,000 endpoints) against ordinary sends to one application's one endpoint.
  await db().execute(sql`analyze messages, deliveries`);
  const broadcastMessages = db().select({ id: messages.id }).from(messages).where(eq(messages.broadcastId, accepted.id));
  const fanned = await deliverAll(inArray(deliveries.messageId, broadcastMessages), APPLICATIONS, 300);
  const single = await deliverAll(await queuedDeliveries(receiverUrl, APPLICATIONS), APPLICATIONS, 300);
  console.log(`  broadcast deliveries: all ${APPLICATIONS} in ${fmt(fanned.seconds * 1000)} ms; one application's: ${fmt(single.seconds * 1000)} ms`);
  report(`Broadcast delivery throughput (${APPLICATIONS} applications) vs one application's`, fanned.perSecond, single.perSecond, "deliveries/s");
}
