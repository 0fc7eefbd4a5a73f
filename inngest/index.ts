import { deliverMessage } from "./functions/deliver-message";
import { sweepDeliveries } from "./functions/sweep";

export { inngest } from "./client";

/** Every function served at /api/inngest. */
export const functions = [deliverMessage, sweepDeliveries];
