import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { attempts, deliveries } from "@/db/schema";
import { claimDeliveries, performAttempt, recordOutcomes } from "@/lib/outbound/attempt";
import { startWorker } from "@/lib/outbound/worker";
import { closeHttpClient } from "@/lib/net/http-client";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";
import type { Id } from "@/lib/platform/id-types";

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

const statusesOf = async (endpointId: Id<"ep">) =>
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
    // The stale claim's attempt is on record before its outcome: logged as worker_lost by the claim that took over.
    expect(fresh.claim.attemptNumber).toBe(2);
    expect(await db().select().from(attempts).where(eq(attempts.deliveryId, row.id))).toMatchObject([
      { number: 1, errorClass: "worker_lost", succeeded: false, url: endpoint.url, trigger: "scheduled" },
    ]);

    // The stale worker was alive after all: its outcome replaces the placeholder, and cannot change the state.
    const [late] = await recordOutcomes([await performAttempt(stale)]);
    expect(late.status).toBe("lease_lost");
    expect(await db().select().from(deliveries).where(eq(deliveries.id, row.id))).toMatchObject([{ status: "sending", leaseToken: fresh.claim.leaseToken }]);
    const [current] = await recordOutcomes([await performAttempt(fresh)]);
    expect(current.status).toBe("succeeded");
    const logged = await db().select().from(attempts).where(eq(attempts.deliveryId, row.id)).orderBy(attempts.number);
    expect(logged.map((a) => `${a.number}:${a.succeeded}:${a.errorClass}`)).toEqual(["1:true:null", "2:true:null"]);
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

  it("renews the leases it holds, so a request slower than the lease is not sent again by another worker", async () => {
    const { endpoint, messageIds } = await workspaceWithMessages(1);
    receiver.delayMs = 2_500;
    const seenBefore = receiver.requests.length;
    // Two workers with a 1 s lease: without renewal the second takes the delivery over while the first still waits.
    const workers = Array.from({ length: 2 }, () => startWorker({ concurrency: 1, leaseSeconds: 1, pollIntervalMs: 100 }));
    try {
      await waitFor(async () => (await statusesOf(endpoint.id)).every((d) => d.status === "succeeded"));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      receiver.delayMs = 0;
    }
    expect(receiver.requests.slice(seenBefore).filter((r) => r.headers["webhook-id"] === messageIds[0])).toHaveLength(1);
    expect(await db().select().from(attempts).where(eq(attempts.endpointId, endpoint.id))).toMatchObject([{ number: 1, succeeded: true }]);
  });

  it("a worker stopping hands back the claims it has not sent, for another worker to take at once", async () => {
    const { endpoint } = await workspaceWithMessages(8);
    receiver.delayMs = 300;
    const seenBefore = receiver.requests.length;
    const worker = startWorker({ concurrency: 1, pollIntervalMs: 100 });
    try {
      await waitFor(async () => receiver.requests.length > seenBefore);
    } finally {
      await worker.stop();
      receiver.delayMs = 0;
    }
    const rows = await db().select().from(deliveries).where(eq(deliveries.endpointId, endpoint.id));
    const handedBack = rows.filter((d) => d.status !== "succeeded");
    // The one in flight finished; the queued ones were not sent, nor left leased.
    expect(handedBack.length).toBeGreaterThan(0);
    for (const d of handedBack) expect(d).toMatchObject({ status: "pending", attemptCount: 0, leaseToken: null, leaseUntil: null });
    const taken = await claimDeliveries({ limit: 100, ids: handedBack.map((d) => d.id) });
    expect(taken.map((c) => c.claim.deliveryId).sort()).toEqual(handedBack.map((d) => d.id).sort());
    expect(taken.every((c) => c.claim.attemptNumber === 1)).toBe(true);
    expect(await db().select().from(attempts).where(eq(attempts.endpointId, endpoint.id))).toHaveLength(rows.length - handedBack.length);
  });
});
