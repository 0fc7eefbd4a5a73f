import { Inngest } from "inngest";
import type { DueDelivery } from "@/lib/outbound/driver";

/**
 * The Inngest client (Vercel mode). The SDK reads INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY itself when it sends or
 * serves; lib/platform/env.ts requires both on Vercel, so a missing key is a start-up error there rather than a lost event.
 */
export const inngest = new Inngest({ id: "switchboard" });

/** The event that starts one delivery's run: attempts and waits until it succeeds, exhausts or is stopped. */
export const DELIVERY_DUE_EVENT = "switchboard/delivery.due";

/** The event's data: the delivery the dispatcher found due. */
export type DeliveryDueData = DueDelivery;

/** The event that starts (or continues) a broadcast's run: its batches, one step each. */
export const BROADCAST_RUN_EVENT = "switchboard/broadcast.run";
