"use server";

import { z } from "zod";
import { idSchema, optionalIdSchema } from "@/lib/platform/id-types";
import { workspaceAction } from "@/lib/api/actions";
import { AppError } from "@/lib/api/errors";
import { BULK_REPLAY_BATCH } from "@/lib/outbound/bulk-replay";
import { jsonText, withFieldIssues } from "@/lib/api/form-fields";
import { cancelPendingRetries, replayMessage } from "@/lib/outbound/replay";
import { sendMessage } from "@/lib/outbound/send";

export const sendEventAction = workspaceAction({
  permission: "messages:write",
  schema: z.object({
    workspace: z.string().min(1),
    eventType: z.string().min(1, "Pick an event type"),
    payload: jsonText(z.unknown().refine((p) => p !== undefined, "Enter the payload as JSON"), undefined),
    eventId: z.string().trim().transform((s) => s || undefined).optional(),
  }),
  run: async ({ workspace: _slug, ...input }, ctx, tx) => (await withFieldIssues(() => sendMessage(input, ctx, tx))).message.id,
  redirectTo: (messageId, input) => `/${input.workspace}/messages/${messageId}`,
});

export const replayAction = workspaceAction({
  permission: "messages:write",
  schema: z.object({
    messageId: idSchema("msg"),
    /** Blank replays to every endpoint the message went to. */
    endpointId: optionalIdSchema("ep"),
  }),
  run: (input, ctx, tx) => replayMessage(input, ctx, tx),
  message: ({ deliveryCount }) =>
    deliveryCount === 0 ? "Nothing to replay: every delivery is mid-attempt" : `Replaying to ${deliveryCount} endpoint${deliveryCount === 1 ? "" : "s"}`,
});

/** Cancels the message's scheduled attempts, to every endpoint (as POST /messages/{id}/cancel-retries). */
export const cancelMessageRetriesAction = workspaceAction({
  permission: "messages:write",
  schema: z.object({ messageId: idSchema("msg") }),
  run: (input, ctx, tx) => cancelPendingRetries(input, ctx, tx),
  message: ({ count }) => (count === 0 ? "No pending retries to cancel" : `Cancelled ${count} pending ${count === 1 ? "retry" : "retries"}`),
});

/**
 * Replays a batch of selected messages (to one endpoint, or to every endpoint each went to) with the same core as a
 * single replay. A message deleted since it was selected is counted as skipped rather than failing the batch.
 */
export const replayManyAction = workspaceAction({
  permission: "messages:write",
  schema: z.object({
    messageIds: z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(idSchema("msg")).min(1).max(BULK_REPLAY_BATCH)),
    endpointId: optionalIdSchema("ep"),
  }),
  run: async ({ messageIds, endpointId }, ctx, tx) => {
    let deliveries = 0;
    let skipped = 0;
    for (const messageId of messageIds) {
      try {
        deliveries += (await replayMessage({ messageId, endpointId }, ctx, tx)).deliveryCount;
      } catch (error) {
        if (!(error instanceof AppError && error.code === "not_found")) throw error;
        skipped += 1;
      }
    }
    return { messages: messageIds.length - skipped, deliveries, skipped };
  },
});
