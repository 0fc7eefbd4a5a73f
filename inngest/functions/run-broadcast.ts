import { randomUUID } from "node:crypto";
import { BROADCAST_RUN_EVENT, inngest } from "@/inngest/client";
import { findStalledBroadcasts, recordBroadcastFailure, runBroadcastBatch } from "@/lib/outbound/broadcast";

/**
 * A broadcast's run (Vercel mode): one step per batch of lib/outbound/broadcast.ts, under a lease token made in the
 * run's first step (a step's output is replayed unchanged to every later invocation of the run), so a retried step
 * continues its own lease and a second run for the same broadcast stops at once ("leased").
 * After MAX_BATCHES steps the run hands over to a fresh one, keeping each run's step count bounded.
 */
export const MAX_BATCHES = 200;

export const runBroadcastFunction = inngest.createFunction(
  { id: "run-broadcast", triggers: [{ event: BROADCAST_RUN_EVENT }], concurrency: [{ key: "event.data.broadcastId", limit: 1 }], retries: 3 },
  async ({ event, step }) => {
    const { broadcastId } = event.data as { broadcastId: string };
    const token = await step.run("lease-token", () => `inngest_${randomUUID()}`);
    for (let turn = 0; turn < MAX_BATCHES; turn++) {
      const { state } = await step.run(`batch-${turn}`, () =>
        runBroadcastBatch(broadcastId, { token }).catch(async (error: unknown) => {
          await recordBroadcastFailure(broadcastId, error, token);
          throw error;
        }),
      );
      if (state !== "ran") return state;
    }
    await step.sendEvent("continue", { name: BROADCAST_RUN_EVENT, data: { broadcastId } });
    return "continued";
  },
);

/** Every minute: starts again broadcasts that no run is handling (a lost event, a run that gave up). */
export const sweepBroadcasts = inngest.createFunction({ id: "sweep-broadcasts", triggers: [{ cron: "* * * * *" }] }, async ({ step }) => {
  const stalled = await step.run("find-stalled", () => findStalledBroadcasts());
  if (stalled.length) await step.sendEvent("restart-stalled", stalled.map((broadcastId) => ({ name: BROADCAST_RUN_EVENT, data: { broadcastId } })));
  return { restarted: stalled.length };
});
