import { DELIVERY_DUE_EVENT, inngest, type DeliveryDueData } from "@/inngest/client";
import { attemptDelivery, type AttemptResult } from "@/lib/outbound/attempt";

/**
 * One run per delivery (Vercel mode): each attempt is a step calling attemptDelivery, and each wait a step.sleepUntil
 * the delivery's next_attempt_at. The database decides everything; this run only decides when to ask. Concurrency is
 * keyed by endpoint, so one slow endpoint cannot take every slot.
 */

/** A bound on loop turns; a delivery still going after this many is left to the sweeper. */
export const MAX_TURNS = 60;

/** Returns when to ask again, or null when this run is done with the delivery. */
export function nextWake(result: AttemptResult): Date | null {
  switch (result.status) {
    case "failed":
    case "deferred":
      return result.nextAttemptAt ? new Date(result.nextAttemptAt) : null;
    case "skipped":
      // Only "not yet due" is worth waiting for; leased (another run has it), final and paused or disabled are not.
      return result.reason === "not_due" && result.nextAttemptAt ? new Date(result.nextAttemptAt) : null;
    default:
      return null;
  }
}

export const deliverMessage = inngest.createFunction(
  {
    id: "deliver-message",
    triggers: [{ event: DELIVERY_DUE_EVENT }],
    concurrency: [{ key: "event.data.endpointId", limit: 10 }],
    // attemptDelivery never throws for receiver failures; a thrown error is infrastructure (the database), worth a retry.
    retries: 3,
  },
  async ({ event, step }) => {
    const { deliveryId } = event.data as DeliveryDueData;
    let result: AttemptResult | undefined;
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      // Step outputs come back JSON-serialised: dates are strings, which nextWake accepts.
      result = (await step.run(`attempt-${turn}`, () => attemptDelivery(deliveryId))) as unknown as AttemptResult;
      const wake = nextWake(result);
      if (!wake) break;
      await step.sleepUntil(`wait-${turn}`, wake);
    }
    return result;
  },
);
