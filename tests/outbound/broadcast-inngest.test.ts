// The Vercel runner of broadcasts under @inngest/test: the run-broadcast function writes a broadcast's batches against
// the test database, one step each, stops at once when another runner holds the lease, and the sweep restarts a
// broadcast nobody is running.
import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { db } from "@/db";
import { broadcasts, messages } from "@/db/schema";
import { BROADCAST_RUN_EVENT } from "@/inngest/client";
import { runBroadcastFunction, sweepBroadcasts } from "@/inngest/functions/run-broadcast";
import { createBroadcast } from "@/lib/outbound/broadcast";
import { createEndpoint } from "@/lib/outbound/endpoints";
import { createEventType } from "@/lib/outbound/event-types";
import { insertApplications } from "@/scripts/bench/fixtures";
import { createOwner } from "@/tests/helpers/factories";

async function broadcastTo(applications: number) {
  const { ctx } = await createOwner();
  await createEventType({ name: "inngest.broadcast" }, ctx);
  const { endpoint } = await createEndpoint({ url: "http://127.0.0.1:9/hook", paused: true }, ctx);
  await insertApplications(ctx.workspaceId, applications - 1, (i) => [{ url: `http://127.0.0.1:9/hook?a=${i}`, eventTypes: null, status: "paused" }], endpoint.id);
  return createBroadcast({ eventType: "inngest.broadcast", payload: { n: 1 } }, ctx);
}

const run = (broadcastId: string) => new InngestTestEngine({ function: runBroadcastFunction }).execute({ events: [{ name: BROADCAST_RUN_EVENT, data: { broadcastId } }] });

it("writes every batch of a broadcast, one step each, and stops when another runner holds it", async () => {
  const accepted = await broadcastTo(450);
  const { result, ctx: runCtx } = await run(accepted.id);
  expect(result).toBe("done");
  // The lease token, three batches of 200 and the step that finds nothing left.
  expect((runCtx.step.run as unknown as { mock: { calls: unknown[] } }).mock.calls).toHaveLength(5);
  const [row] = await db().select().from(broadcasts).where(eq(broadcasts.id, accepted.id));
  expect(row).toMatchObject({ status: "completed", applicationsDone: 450, messagesCreated: 450, deliveriesCreated: 450 });
  expect(await db().$count(messages, eq(messages.broadcastId, accepted.id))).toBe(450);

  const held = await broadcastTo(10);
  await db().update(broadcasts).set({ leaseToken: "someone-else", leaseUntil: sql`now() + interval '1 minute'` }).where(eq(broadcasts.id, held.id));
  expect((await run(held.id)).result).toBe("leased");
  expect(await db().$count(messages, eq(messages.broadcastId, held.id))).toBe(0);
});

it("the sweep restarts a broadcast whose runner's lease lapsed a while ago, and leaves a leased one alone", async () => {
  const stalled = await broadcastTo(3);
  const leased = await broadcastTo(3);
  await db().update(broadcasts).set({ createdAt: sql`now() - interval '5 minutes'`, leaseToken: "gone", leaseUntil: sql`now() - interval '3 minutes'` }).where(eq(broadcasts.id, stalled.id));
  await db().update(broadcasts).set({ createdAt: sql`now() - interval '5 minutes'`, leaseToken: "alive", leaseUntil: sql`now() + interval '1 minute'` }).where(eq(broadcasts.id, leased.id));
  const { ctx: runCtx } = await new InngestTestEngine({ function: sweepBroadcasts }).execute({
    events: [{ name: "inngest/scheduled.timer", data: {} }],
    // Sending is mocked (the calls are still recorded); there is no Inngest server to send to.
    steps: [{ id: "restart-stalled", handler: () => {} }],
  });
  type SendCalls = { mock: { calls: [string, { name: string; data: { broadcastId: string } }[]][] } };
  const sent = (runCtx.step.sendEvent as unknown as SendCalls).mock.calls.flatMap(([, events]) => events);
  expect(sent).toContainEqual({ name: BROADCAST_RUN_EVENT, data: { broadcastId: stalled.id } });
  expect(sent.some((e) => e.data.broadcastId === leased.id)).toBe(false);
});
