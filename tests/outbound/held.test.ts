import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries, endpoints } from "@/db/schema";
import { claimDeliveries, performAttempt, recordOutcomes } from "@/lib/outbound/attempt";
import { closeHttpClient } from "@/lib/net/http-client";
import { createEndpoint, disableEndpoint, enableEndpoint, pauseEndpoint, resumeEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { replayMessage } from "@/lib/outbound/replay";
import { sendMessage } from "@/lib/outbound/send";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";
import type { Id } from "@/lib/platform/id-types";

// A paused or disabled endpoint's deliveries are "held": outside the due index, so a large backlog that cannot be sent
// never slows the claims of everyone else. Database triggers keep the flag; these tests hold them to it.

let ctx: RequestContext;
let receiver: VerifyingReceiver;

beforeAll(async () => {
  ctx = (await createOwner()).ctx;
  await createEventType({ name: "invoice.paid" }, ctx);
  receiver = await startVerifyingReceiver();
});

afterAll(async () => {
  await closeHttpClient();
  await receiver.close();
});

async function endpointWithMessages(count: number) {
  const { endpoint, secret } = await createEndpoint({ url: receiver.url, eventTypes: ["invoice.paid"] }, ctx);
  receiver.secrets.push(secret);
  const messageIds: Id<"msg">[] = [];
  for (let i = 0; i < count; i++) messageIds.push((await sendMessage({ eventType: "invoice.paid", payload: { i } }, ctx)).message.id);
  return { endpoint, messageIds };
}

const rowsOf = (endpointId: Id<"ep">) => db().select().from(deliveries).where(eq(deliveries.endpointId, endpointId));
const claimable = async (endpointId: Id<"ep">) => {
  const ids = (await rowsOf(endpointId)).map((d) => d.id);
  return claimDeliveries({ limit: 100, ids });
};

describe("held deliveries", () => {
  it("pausing holds the open deliveries, new sends to it are held, and resuming releases them all", async () => {
    const { endpoint } = await endpointWithMessages(3);
    expect((await rowsOf(endpoint.id)).map((d) => d.held)).toEqual([false, false, false]);

    await pauseEndpoint({ id: endpoint.id }, ctx);
    await sendMessage({ eventType: "invoice.paid", payload: { i: 3 } }, ctx);
    expect((await rowsOf(endpoint.id)).map((d) => d.held)).toEqual([true, true, true, true]);
    expect(await claimable(endpoint.id)).toEqual([]);

    await resumeEndpoint({ id: endpoint.id }, ctx);
    expect((await rowsOf(endpoint.id)).every((d) => !d.held)).toBe(true);
    const claimed = await claimable(endpoint.id);
    expect(claimed).toHaveLength(4);
    await recordOutcomes(await Promise.all(claimed.map(performAttempt)));
    expect((await rowsOf(endpoint.id)).map((d) => d.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
  });

  it("disabling holds and enabling releases, from paused as well", async () => {
    const { endpoint } = await endpointWithMessages(1);
    await disableEndpoint({ id: endpoint.id }, ctx);
    expect((await rowsOf(endpoint.id))[0].held).toBe(true);
    await enableEndpoint({ id: endpoint.id }, ctx);
    expect((await rowsOf(endpoint.id))[0].held).toBe(false);
    await pauseEndpoint({ id: endpoint.id }, ctx);
    await disableEndpoint({ id: endpoint.id }, ctx);
    expect((await rowsOf(endpoint.id))[0].held).toBe(true);
    await enableEndpoint({ id: endpoint.id }, ctx);
    expect(await claimable(endpoint.id)).toHaveLength(1);
  });

  it("a delivery that finished in flight while paused, then replayed after resuming, is sent", async () => {
    const { endpoint, messageIds } = await endpointWithMessages(1);
    const [inFlight] = await claimable(endpoint.id);
    await pauseEndpoint({ id: endpoint.id }, ctx);
    await recordOutcomes([await performAttempt(inFlight)]);
    await resumeEndpoint({ id: endpoint.id }, ctx);

    await replayMessage({ messageId: messageIds[0], endpointId: endpoint.id }, ctx);
    const [again] = await claimable(endpoint.id);
    expect(again?.claim).toMatchObject({ deliveryId: inFlight.claim.deliveryId, attemptNumber: 2, trigger: "manual" });
  });

  it("a send to a paused endpoint and a concurrent resume never leave a delivery held on an enabled endpoint", async () => {
    const { endpoint } = await endpointWithMessages(0);
    await pauseEndpoint({ id: endpoint.id }, ctx);

    let resumed = false;
    let resuming: Promise<unknown> | undefined;
    await db().transaction(async (t) => {
      await sendMessage({ eventType: "invoice.paid", payload: { i: 0 } }, ctx, t);
      // The held insert locked the endpoint row, so even a bare status update (no FOR UPDATE of its own, unlike
      // resumeEndpoint) has to wait for this transaction to commit.
      resuming = db().update(endpoints).set({ status: "enabled" }).where(eq(endpoints.id, endpoint.id)).then(() => (resumed = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(resumed).toBe(false);
    });
    await resuming;

    const rows = await rowsOf(endpoint.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].held).toBe(false);
    expect(await claimable(endpoint.id)).toHaveLength(1);
    await db().update(deliveries).set({ status: "cancelled", nextAttemptAt: null }).where(inArray(deliveries.id, rows.map((r) => r.id)));
  });
});
