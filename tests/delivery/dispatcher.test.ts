import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { attempts, deliveries } from "@/db/schema";
import { claimDeliveries, performAttempt, recordOutcomes } from "@/lib/delivery/attempt";
import { startWorker } from "@/lib/delivery/dispatcher";
import { closeHttpClient } from "@/lib/delivery/http-client";
import { createEndpoint } from "@/lib/endpoints";
import { createEventType } from "@/lib/event-types";
import { sendMessage } from "@/lib/messages";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";

let receiver: VerifyingReceiver;

beforeAll(async () => {
  receiver = await startVerifyingReceiver();
});

afterAll(async () => {
  await closeHttpClient();
  await receiver.close();
});

/** A workspace whose one endpoint points at the verifying receiver, with `count` messages sent to it. */
async function workspaceWithMessages(count: number) {
  const { ctx } = await createOwner();
  await createEventType({ name: "job.done" }, ctx);
  const { endpoint, secret } = await createEndpoint({ url: receiver.url }, ctx);
  receiver.secrets.push(secret);
  const messageIds: string[] = [];
  for (let i = 0; i < count; i++) messageIds.push((await sendMessage({ eventType: "job.done", payload: { i } }, ctx)).message.id);
  return { ctx, endpoint, secret, messageIds };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statusesOf = async (endpointId: string) =>
  db().select({ id: deliveries.id, status: deliveries.status }).from(deliveries).where(eq(deliveries.endpointId, endpointId));

describe("claiming", () => {
  it("concurrent claims take disjoint sets (SKIP LOCKED)", async () => {
    const { endpoint } = await workspaceWithMessages(30);
    const batches = await Promise.all(Array.from({ length: 4 }, () => claimDeliveries({ limit: 10 })));
    const ids = batches.flat().map((c) => c.claim.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
    const mine = (await statusesOf(endpoint.id)).map((d) => d.id);
    expect(ids.filter((id) => mine.includes(id))).toHaveLength(30);
    // Everything claimed is leased: nothing more to claim.
    expect((await claimDeliveries({ limit: 100 })).filter((c) => mine.includes(c.claim.deliveryId))).toHaveLength(0);
    await db().update(deliveries).set({ status: "cancelled", nextAttemptAt: null }).where(inArray(deliveries.id, mine));
  });

  it("re-claims a delivery whose lease lapsed; the stale claim records its attempt but cannot change the state", async () => {
    const { endpoint, secret, messageIds } = await workspaceWithMessages(1);
    const [row] = await db().select().from(deliveries).where(eq(deliveries.endpointId, endpoint.id));
    const [stale] = await claimDeliveries({ limit: 10, ids: [row.id] });
    expect(stale.claim.deliveryId).toBe(row.id);
    expect(stale).toMatchObject({ messageId: messageIds[0], eventType: "job.done", endpoint: { id: endpoint.id, url: endpoint.url } });
    expect(stale.secrets).toEqual([secret]);
    expect(await claimDeliveries({ limit: 10, ids: [row.id] })).toHaveLength(0);
    // The lease is also the next due time: if the worker dies, the delivery is due again when the lease lapses.
    const [leased] = await db().select().from(deliveries).where(eq(deliveries.id, row.id));
    expect(leased.nextAttemptAt).toEqual(leased.leaseUntil);

    // The worker holding it dies; its lease runs out.
    await db()
      .update(deliveries)
      .set({ leaseUntil: sql`now() - interval '1 second'`, nextAttemptAt: sql`now() - interval '1 second'` })
      .where(eq(deliveries.id, row.id));
    const [fresh] = await claimDeliveries({ limit: 10, ids: [row.id] });
    expect(fresh.claim.leaseToken).not.toBe(stale.claim.leaseToken);
    expect(fresh.claim.attemptNumber).toBe(1);

    const [late] = await recordOutcomes([await performAttempt(stale)]);
    expect(late.status).toBe("lease_lost");
    expect(await db().select().from(deliveries).where(eq(deliveries.id, row.id))).toMatchObject([{ status: "sending", leaseToken: fresh.claim.leaseToken }]);
    const [current] = await recordOutcomes([await performAttempt(fresh)]);
    expect(current.status).toBe("succeeded");
    expect(await db().select().from(attempts).where(eq(attempts.deliveryId, row.id))).toHaveLength(2);
    expect(receiver.requests.filter((r) => r.headers["webhook-id"] === messageIds[0])).toHaveLength(2);
  });
});

describe("worker", () => {
  it("several workers deliver every message exactly once when all succeed, never the same one twice at once", async () => {
    const { endpoint, messageIds } = await workspaceWithMessages(60);
    receiver.delayMs = 20;
    const seenBefore = receiver.requests.length;
    const workers = Array.from({ length: 3 }, () => startWorker({ concurrency: 4, batchSize: 5, pollIntervalMs: 100 }));
    try {
      await waitFor(async () => (await statusesOf(endpoint.id)).every((d) => d.status === "succeeded"));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      receiver.delayMs = 0;
    }
    const got = receiver.requests.slice(seenBefore).map((r) => String(r.headers["webhook-id"])).filter((id) => messageIds.includes(id));
    expect(got.sort()).toEqual([...messageIds].sort());
    const rows = await db().select().from(attempts).where(eq(attempts.endpointId, endpoint.id));
    expect(rows).toHaveLength(60);
    expect(rows.every((a) => a.succeeded && a.number === 1)).toBe(true);
  });

  it("picks up scheduled retries when they fall due, and stops cleanly", async () => {
    const { endpoint, messageIds } = await workspaceWithMessages(2);
    const ids = (await statusesOf(endpoint.id)).map((d) => d.id);
    receiver.forceStatus = 503;
    const reported: string[] = [];
    const worker = startWorker({ concurrency: 2, pollIntervalMs: 100, onRecorded: (batch) => reported.push(...batch.map((r) => `${r.deliveryId}:${r.status}`)) });
    try {
      await waitFor(async () => (await statusesOf(endpoint.id)).every((d) => d.status === "failed"));
      receiver.forceStatus = null;
      await db().update(deliveries).set({ nextAttemptAt: sql`now()` }).where(inArray(deliveries.id, ids));
      await waitFor(async () => (await statusesOf(endpoint.id)).every((d) => d.status === "succeeded"));
    } finally {
      receiver.forceStatus = null;
      await worker.stop();
    }
    const rows = await db().select().from(attempts).where(and(eq(attempts.endpointId, endpoint.id)));
    expect(rows.map((a) => `${a.messageId}:${a.number}:${a.succeeded}`).sort()).toEqual(
      messageIds.flatMap((m) => [`${m}:1:false`, `${m}:2:true`]).sort(),
    );
    // onRecorded saw each outcome once it was written: a failure, then a success, per delivery.
    expect(reported.filter((r) => ids.some((id) => r.startsWith(id))).sort()).toEqual(ids.flatMap((id) => [`${id}:failed`, `${id}:succeeded`]).sort());
  });
});
