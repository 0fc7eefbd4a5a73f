// Cancelling pending retries, of a message or of an endpoint, through the API routes: what waits for an attempt (a
// first one, or a retry after a failure) becomes cancelled with no next attempt; finished deliveries and one whose
// attempt is in flight are left alone; audited; a replay sends a cancelled delivery again.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelEndpointRoute } from "@/app/api/v1/endpoints/[id]/cancel-retries/route";
import { POST as cancelMessageRoute } from "@/app/api/v1/messages/[id]/cancel-retries/route";
import { db } from "@/db";
import { auditLog, deliveries } from "@/db/schema";
import { attemptDelivery } from "@/lib/outbound/attempt";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { replayMessage } from "@/lib/outbound/replay";
import { sendMessage } from "@/lib/outbound/send";
import { closeHttpClient } from "@/lib/net/http-client";
import { apiRequest } from "@/tests/helpers/api";
import { startChaosReceiver, type ChaosReceiver } from "@/tests/helpers/chaos-receiver";
import { createOwnerWithKey } from "@/tests/helpers/factories";
import type { Id } from "@/lib/platform/id-types";

let owner: Awaited<ReturnType<typeof createOwnerWithKey>>;
let chaos: ChaosReceiver;
let failing: Id<"ep">;
let ok: Id<"ep">;

beforeAll(async () => {
  chaos = await startChaosReceiver();
  owner = await createOwnerWithKey();
  await createEventType({ name: "cancel.me" }, owner.ctx);
  failing = (await createEndpoint({ url: `${chaos.url}/status/503`, eventTypes: ["cancel.me"] }, owner.ctx)).endpoint.id;
  ok = (await createEndpoint({ url: `${chaos.url}/ok`, eventTypes: ["cancel.me"] }, owner.ctx)).endpoint.id;
});
afterAll(async () => {
  await closeHttpClient();
  await chaos.close();
});

const deliveryOf = async (messageId: Id<"msg">, endpointId: Id<"ep">) =>
  (await db().select().from(deliveries).where(and(eq(deliveries.messageId, messageId), eq(deliveries.endpointId, endpointId))))[0];
const post = (route: typeof cancelMessageRoute, path: string, id: string, body?: unknown) =>
  route(apiRequest(path, { method: "POST", key: owner.key, body }), { params: Promise.resolve({ id }) });

describe("cancel pending retries", () => {
  it("of a message: its failed-and-retrying delivery is cancelled, the succeeded one left, and a replay sends it again", async () => {
    const { message } = await sendMessage({ eventType: "cancel.me", payload: { n: 1 } }, owner.ctx);
    for (const endpointId of [failing, ok]) await attemptDelivery((await deliveryOf(message.id, endpointId)).id);
    expect(await deliveryOf(message.id, failing)).toMatchObject({ status: "failed", nextAttemptAt: expect.any(Date) });

    const response = await post(cancelMessageRoute, `/api/v1/messages/${message.id}/cancel-retries`, message.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ count: 1 });
    expect(await deliveryOf(message.id, failing)).toMatchObject({ status: "cancelled", nextAttemptAt: null });
    expect((await deliveryOf(message.id, ok)).status).toBe("succeeded");
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.targetId, message.id), eq(auditLog.action, "message.cancel_retries")));
    expect(audit.after).toMatchObject({ deliveries: 1 });

    // Nothing left to cancel: a second call cancels none.
    expect(await (await post(cancelMessageRoute, `/api/v1/messages/${message.id}/cancel-retries`, message.id)).json()).toEqual({ count: 0 });
    expect((await replayMessage({ messageId: message.id, endpointId: failing }, owner.ctx)).deliveryCount).toBe(1);
    expect((await deliveryOf(message.id, failing)).status).toBe("pending");
  });

  it("of an endpoint: every delivery waiting on it, but not one whose attempt is in flight nor another endpoint's", async () => {
    const sent: Id<"msg">[] = [];
    for (let i = 0; i < 3; i++) sent.push((await sendMessage({ eventType: "cancel.me", payload: { i } }, owner.ctx)).message.id);
    // The first is being attempted right now (a live lease): its attempt decides it.
    await db().update(deliveries).set({ status: "sending", leaseUntil: new Date(Date.now() + 60_000), leaseToken: "in-flight" }).where(eq(deliveries.id, (await deliveryOf(sent[0], failing)).id));

    const response = await post(cancelEndpointRoute, `/api/v1/endpoints/${failing}/cancel-retries`, failing);
    expect(response.status).toBe(200);
    // The two pending ones, and the first message's (replayed above, pending again).
    expect(await response.json()).toEqual({ count: 3 });
    expect((await deliveryOf(sent[0], failing)).status).toBe("sending");
    for (const id of sent.slice(1)) {
      expect(await deliveryOf(id, failing)).toMatchObject({ status: "cancelled", nextAttemptAt: null });
      expect((await deliveryOf(id, ok)).status).toBe("pending");
    }
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.targetId, failing), eq(auditLog.action, "endpoint.cancel_retries")));
    expect(audit.after).toMatchObject({ deliveries: 3 });
  });

  it("answers 404 for another workspace's message or endpoint", async () => {
    const stranger = await createOwnerWithKey();
    const response = await cancelEndpointRoute(apiRequest(`/api/v1/endpoints/${failing}/cancel-retries`, { method: "POST", key: stranger.key }), { params: Promise.resolve({ id: failing }) });
    expect(response.status).toBe(404);
    expect((await post(cancelMessageRoute, "/api/v1/messages/msg_nope/cancel-retries", "msg_nope")).status).toBe(404);
  });
});
