import { deliverMessage } from "./functions/deliver-message";
import { runBroadcastFunction, sweepBroadcasts } from "./functions/run-broadcast";
import { scheduledJobs } from "./functions/scheduled-jobs";
import { sweepDeliveries } from "./functions/sweep";

export { inngest } from "./client";

/** Every function served at /api/inngest. */
export const functions = [deliverMessage, sweepDeliveries, runBroadcastFunction, sweepBroadcasts, ...scheduledJobs];
