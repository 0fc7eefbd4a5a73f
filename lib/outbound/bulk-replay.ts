/**
 * How many messages one bulk-replay request carries. The dashboard sends a selection in batches of this size, so it
 * can show progress and a large selection never holds one transaction for long.
 */
export const BULK_REPLAY_BATCH = 10;
