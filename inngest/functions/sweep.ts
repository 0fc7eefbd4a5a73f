import { DELIVERY_DUE_EVENT, inngest } from "@/inngest/client";
import { findStrandedDeliveries } from "@/lib/outbound/attempt";

/**
 * Every minute (Vercel mode): re-dispatches deliveries that are due but that no run is handling (a lost event, an
 * endpoint resumed after a pause). The event id makes Inngest drop a repeat for the same
 * delivery in the same state, so a run merely queued behind the endpoint's concurrency limit is not piled onto.
 */
export const sweepDeliveries = inngest.createFunction(
  { id: "sweep-deliveries", triggers: [{ cron: "* * * * *" }] },
  async ({ step }) => {
    const stranded = await step.run("find-stranded", () => findStrandedDeliveries({ graceSeconds: 60, limit: 1_000 }));
    if (stranded.length) {
      await step.sendEvent(
        "dispatch-stranded",
        stranded.map((d) => ({
          id: `sweep-${d.deliveryId}-${d.attemptCount}-${new Date(d.dueAt).getTime()}`,
          name: DELIVERY_DUE_EVENT,
          data: { deliveryId: d.deliveryId, endpointId: d.endpointId },
        })),
      );
    }
    return { dispatched: stranded.length };
  },
);
