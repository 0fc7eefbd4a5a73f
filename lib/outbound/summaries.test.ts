import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { attempts, deliveries } from "@/db/schema";
import { createEndpoint, rotateEndpointSecret } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { getMessage } from "@/lib/outbound/message-lists";
import { sendMessage } from "@/lib/outbound/send";
import type { RequestContext } from "@/lib/api";
import { createOwner } from "@/tests/helpers/factories";
import { attemptCounts, attemptTimeline, deliveryCountsByMessage, endpointLabels, hasDeliveriesDueSoon, signingSecretStates } from "./summaries";
import type { Id } from "@/lib/platform/id-types";

const HOUR = 3_600_000;

describe("outbound dashboard queries", () => {
  let ctx: RequestContext;
  let other: RequestContext;
  let endpointId: Id<"ep">;
  let secondEndpointId: Id<"ep">;
  let messageId: Id<"msg">;
  let deliveryId: Id<"dlv">;
  const now = new Date("2026-06-01T12:00:00.000Z");

  async function attemptAt(at: Date, succeeded: boolean, endpoint = endpointId) {
    const message = await getMessage({ id: messageId }, ctx);
    const delivery = message.deliveries.find((d) => d.endpointId === endpoint)!;
    await db().insert(attempts).values({
      workspaceId: ctx.workspaceId,
      deliveryId: delivery.id,
      messageId,
      endpointId: endpoint,
      number: 1,
      trigger: "scheduled",
      url: "https://hooks.example.com",
      requestHeaders: {},
      requestBodySha256: "x",
      succeeded,
      responseStatus: succeeded ? 200 : 500,
      durationMs: 5,
      createdAt: at,
    });
  }

  beforeAll(async () => {
    ctx = (await createOwner()).ctx;
    other = (await createOwner()).ctx;
    await createEventType({ name: "order.created" }, ctx);
    endpointId = (await createEndpoint({ url: "https://hooks.example.com/a", description: "A" }, ctx)).endpoint.id;
    secondEndpointId = (await createEndpoint({ url: "https://hooks.example.com/b" }, ctx)).endpoint.id;
    messageId = (await sendMessage({ eventType: "order.created", payload: { id: 1 } }, ctx)).message.id;
    deliveryId = (await getMessage({ id: messageId }, ctx)).deliveries[0].id;
    expect(deliveryId).toMatch(/^dlv_/);
    await attemptAt(new Date(now.getTime() - 10 * 60_000), true); // latest hour
    await attemptAt(new Date(now.getTime() - 30 * 60_000), false); // latest hour
    await attemptAt(new Date(now.getTime() - 5 * HOUR - 1), false); // sixth hour back
    await attemptAt(new Date(now.getTime() - 23 * HOUR - 30 * 60_000), true); // oldest hour
    await attemptAt(new Date(now.getTime() - 25 * HOUR), true); // outside the window
    await attemptAt(new Date(now.getTime() + 60_000), true); // after "now": not counted
    await attemptAt(new Date(now.getTime() - 60_000), false, secondEndpointId);
  });

  it("counts an endpoint's attempts per hour, oldest first, with empty hours present", async () => {
    const timeline = await attemptTimeline({ endpointId, now }, ctx);
    expect(timeline).toHaveLength(24);
    expect(timeline[0].start.toISOString()).toBe("2026-05-31T12:00:00.000Z");
    expect(timeline[23]).toMatchObject({ succeeded: 1, failed: 1 });
    expect(timeline[18]).toMatchObject({ succeeded: 0, failed: 1 });
    expect(timeline[0]).toMatchObject({ succeeded: 1, failed: 0 });
    const total = timeline.reduce((sum, b) => sum + b.succeeded + b.failed, 0);
    expect(total).toBe(4);
    // Another workspace sees nothing of this endpoint.
    const foreign = await attemptTimeline({ endpointId, now }, other);
    expect(foreign.every((b) => b.succeeded === 0 && b.failed === 0)).toBe(true);
  });

  it("counts the whole workspace's attempts when no endpoint is given (the overview chart)", async () => {
    const timeline = await attemptTimeline({ now }, ctx);
    expect(timeline[23]).toMatchObject({ succeeded: 1, failed: 2 }); // the second endpoint's failure joins the latest hour
    expect(timeline.reduce((sum, b) => sum + b.succeeded + b.failed, 0)).toBe(5);
    expect((await attemptTimeline({ now }, other)).every((b) => b.succeeded + b.failed === 0)).toBe(true);
  });

  it("counts attempts per endpoint since a time, for the list's success rate", async () => {
    const counts = await attemptCounts([endpointId, secondEndpointId], 24 * 3600, ctx, db(), now);
    expect(counts.get(endpointId)).toEqual({ attempts: 5, succeeded: 3 });
    expect(counts.get(secondEndpointId)).toEqual({ attempts: 1, succeeded: 0 });
    expect((await attemptCounts([endpointId], 1e9, other)).size).toBe(0);
    expect((await attemptCounts([], 1e9, ctx)).size).toBe(0);
  });

  it("counts each message's deliveries by status", async () => {
    const counts = await deliveryCountsByMessage([messageId], ctx);
    expect(counts.get(messageId)).toEqual({ pending: 2 });
    expect((await deliveryCountsByMessage([messageId], other)).size).toBe(0);
  });

  it("labels endpoints, newest first, within the workspace", async () => {
    const labels = await endpointLabels(ctx);
    expect(labels.map((l) => l.id)).toEqual([secondEndpointId, endpointId]);
    expect(await endpointLabels(ctx, db(), [endpointId])).toEqual([{ id: endpointId, url: "https://hooks.example.com/a", description: "A", status: "enabled" }]);
    expect(await endpointLabels(other, db(), [endpointId])).toEqual([]);
  });

  it("lists the secrets signing during a rotation overlap, without their values", async () => {
    expect(await signingSecretStates(endpointId, ctx)).toMatchObject([{ expiresAt: null }]);
    await rotateEndpointSecret({ id: endpointId, overlapSeconds: 3600 }, ctx);
    const states = await signingSecretStates(endpointId, ctx);
    expect(states).toHaveLength(2);
    expect(states[0].expiresAt).toBeInstanceOf(Date);
    expect(states[1].expiresAt).toBeNull();
    expect(Object.keys(states[0]).sort()).toEqual(["createdAt", "expiresAt"]);
    // After the overlap only the new secret signs.
    expect(await signingSecretStates(endpointId, ctx, db(), new Date(Date.now() + 2 * HOUR))).toHaveLength(1);
    expect(await signingSecretStates(endpointId, other)).toEqual([]);
  });

  it("says whether deliveries are due soon, so pages poll only while something is about to happen", async () => {
    // Both deliveries of the message are pending and due now.
    expect(await hasDeliveriesDueSoon({ messageId }, ctx)).toBe(true);
    expect(await hasDeliveriesDueSoon({ endpointId }, ctx)).toBe(true);
    expect(await hasDeliveriesDueSoon({ messageId }, other)).toBe(false);
    const inFiveHours = new Date(Date.now() + 5 * HOUR);
    await db().update(deliveries).set({ status: "failed", nextAttemptAt: inFiveHours }).where(eq(deliveries.messageId, messageId));
    expect(await hasDeliveriesDueSoon({ messageId }, ctx)).toBe(false);
    await db().update(deliveries).set({ status: "sending" }).where(eq(deliveries.endpointId, secondEndpointId));
    expect(await hasDeliveriesDueSoon({ endpointId }, ctx)).toBe(false);
    expect(await hasDeliveriesDueSoon({ endpointId: secondEndpointId }, ctx)).toBe(true);
    await db().update(deliveries).set({ status: "succeeded", nextAttemptAt: null }).where(eq(deliveries.messageId, messageId));
    expect(await hasDeliveriesDueSoon({ messageId }, ctx)).toBe(false);
  });
});
