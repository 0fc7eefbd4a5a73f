import type { DeliveryDriver } from "@/lib/outbound/driver";
import { BROADCAST_RUN_EVENT, DELIVERY_DUE_EVENT, inngest } from "./client";

/** Vercel mode's delivery driver: one Inngest event per due delivery, each starting that delivery's run; one per broadcast. */
export const inngestDriver: DeliveryDriver = {
  async dispatch(deliveries) {
    // The SDK batches a list into few requests; chunks keep each request well under the event API's size limit.
    for (let i = 0; i < deliveries.length; i += 500) {
      await inngest.send(deliveries.slice(i, i + 500).map((data) => ({ name: DELIVERY_DUE_EVENT, data })));
    }
  },
  async runBroadcast(broadcastId) {
    await inngest.send({ name: BROADCAST_RUN_EVENT, data: { broadcastId } });
  },
};
