// The Inngest wrappers under @inngest/test: real attempts against a loopback receiver and the test database, with
// every sleep mocked by its step id (an unmocked sleep would never settle).
import { InngestTestEngine } from "@inngest/test";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { attempts, deliveries } from "@/db/schema";
import { DELIVERY_DUE_EVENT } from "@/inngest/client";
import { deliverMessage, MAX_TURNS } from "@/inngest/functions/deliver-message";
import { sweepDeliveries } from "@/inngest/functions/sweep";
import { closeHttpClient } from "@/lib/net/http-client";
import { createEndpoint, pauseEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { sendMessage } from "@/lib/outbound/send";
import type { RequestContext } from "@/lib/api/request-context";
import { createOwner } from "@/tests/helpers/factories";
import { startVerifyingReceiver, type VerifyingReceiver } from "@/tests/helpers/verifying-receiver";
import type { Id } from "@/lib/platform/id-types";

let ctx: RequestContext;
let receiver: VerifyingReceiver;

beforeAll(async () => {
  ctx = (await createOwner()).ctx;
  await createEventType({ name: "inngest.test" }, ctx);
  receiver = await startVerifyingReceiver();
});

afterAll(async () => {
  await closeHttpClient();
  await receiver.close();
});

async function oneDelivery(extra: Record<string, unknown> = {}) {
  const { endpoint, secret } = await createEndpoint({ url: receiver.url, eventTypes: ["inngest.test"], ...extra }, ctx);
  receiver.secrets.push(secret);
  const sent = await sendMessage({ eventType: "inngest.test", payload: { ok: true } }, ctx);
  const [delivery] = await db().select().from(deliveries).where(and(eq(deliveries.messageId, sent.message.id), eq(deliveries.endpointId, endpoint.id)));
  return { endpoint, delivery };
}

/** Mocks for every possible sleep; each stands for time passing by making the delivery due now. */
function sleepsThatMakeDue(deliveryId: Id<"dlv">, onSleep: (turn: number) => void = () => {}) {
  return Array.from({ length: MAX_TURNS }, (_, turn) => ({
    id: `wait-${turn}`,
    handler: async () => {
      onSleep(turn);
      await db().update(deliveries).set({ nextAttemptAt: sql`now()` }).where(eq(deliveries.id, deliveryId));
    },
  }));
}

describe("deliver-message", () => {
  it("attempts, sleeps until the next attempt, and stops on success", async () => {
    const { delivery } = await oneDelivery();
    receiver.forceStatus = 500;
    const t = new InngestTestEngine({ function: deliverMessage });
    const { result, ctx: runCtx } = await t.execute({
      events: [{ name: DELIVERY_DUE_EVENT, data: { deliveryId: delivery.id, endpointId: delivery.endpointId } }],
      steps: sleepsThatMakeDue(delivery.id, (turn) => {
        // The receiver recovers after the second failure.
        if (turn === 1) receiver.forceStatus = null;
      }),
    });
    receiver.forceStatus = null;
    expect(result).toMatchObject({ status: "succeeded", attemptNumber: 3 });
    expect(runCtx.step.run).toHaveBeenCalledWith("attempt-0", expect.any(Function));
    expect(runCtx.step.sleepUntil).toHaveBeenCalledWith("wait-0", expect.any(Date));
    expect(runCtx.step.sleepUntil).toHaveBeenCalledTimes(2);
    const rows = await db().select().from(attempts).where(eq(attempts.deliveryId, delivery.id)).orderBy(attempts.number);
    expect(rows.map((a) => a.succeeded)).toEqual([false, false, true]);
  });

  it("ends the run at exhaustion", async () => {
    const { delivery } = await oneDelivery({ retrySchedule: [0, 1, 1] });
    receiver.forceStatus = 503;
    const t = new InngestTestEngine({ function: deliverMessage });
    const { result } = await t.execute({
      events: [{ name: DELIVERY_DUE_EVENT, data: { deliveryId: delivery.id, endpointId: delivery.endpointId } }],
      steps: sleepsThatMakeDue(delivery.id),
    });
    receiver.forceStatus = null;
    expect(result).toMatchObject({ status: "exhausted", attemptNumber: 3 });
  });

  it("ends without sending when the endpoint is paused (the sweeper resumes it later)", async () => {
    const { delivery, endpoint } = await oneDelivery();
    await pauseEndpoint({ id: endpoint.id }, ctx);
    const t = new InngestTestEngine({ function: deliverMessage });
    const { result, ctx: runCtx } = await t.execute({
      events: [{ name: DELIVERY_DUE_EVENT, data: { deliveryId: delivery.id, endpointId: delivery.endpointId } }],
      steps: sleepsThatMakeDue(delivery.id),
    });
    expect(result).toMatchObject({ status: "skipped", reason: "endpoint_not_enabled" });
    expect(runCtx.step.sleepUntil).not.toHaveBeenCalled();
  });
});

describe("sweep-deliveries", () => {
  it("re-dispatches due, unleased deliveries past the grace period, with a dedupe id per delivery state", async () => {
    const { delivery } = await oneDelivery();
    await db().update(deliveries).set({ nextAttemptAt: sql`now() - interval '5 minutes'` }).where(eq(deliveries.id, delivery.id));
    type SendCalls = { mock: { calls: [string, { id: string; name: string; data: { deliveryId: string; endpointId: string } }[]][] } };
    const dispatched: string[] = [];
    // A fresh engine per run: one engine remembers step results between executions.
    const run = () =>
      new InngestTestEngine({ function: sweepDeliveries }).execute({
        events: [{ name: "inngest/scheduled.timer", data: {} }],
        steps: [{ id: "dispatch-stranded", handler: () => void dispatched.push("dispatch-stranded") }],
      });

    const first = await run();
    expect(first.result).toMatchObject({ dispatched: expect.any(Number) });
    const calls = (first.ctx.step.sendEvent as unknown as SendCalls).mock.calls;
    const mine = calls.flatMap(([, events]) => events).find((e) => e.data.deliveryId === delivery.id);
    expect(mine).toMatchObject({ name: DELIVERY_DUE_EVENT, data: { endpointId: delivery.endpointId } });
    expect(mine!.id).toMatch(new RegExp(`^sweep-${delivery.id}-0-\\d+$`));
    expect(dispatched).toEqual(["dispatch-stranded"]);

    // A delivery under a live lease is not stranded.
    await db().update(deliveries).set({ status: "sending", leaseUntil: sql`now() + interval '1 minute'` }).where(eq(deliveries.id, delivery.id));
    const second = await run();
    const later = (second.ctx.step.sendEvent as unknown as SendCalls).mock.calls;
    expect(later.flatMap(([, events]) => events).some((e) => e.data.deliveryId === delivery.id)).toBe(false);
  });
});
