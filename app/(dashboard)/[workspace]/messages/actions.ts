"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/actions";
import { jsonText, withFieldIssues } from "@/lib/dashboard/form-fields";
import { replayMessage, sendMessage } from "@/lib/messages";

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
    messageId: z.string().min(1),
    /** Blank replays to every endpoint the message went to. */
    endpointId: z.string().trim().transform((s) => s || undefined).optional(),
  }),
  run: (input, ctx, tx) => replayMessage(input, ctx, tx),
  message: ({ deliveryCount }) =>
    deliveryCount === 0 ? "Nothing to replay: every delivery is mid-attempt" : `Replaying to ${deliveryCount} endpoint${deliveryCount === 1 ? "" : "s"}`,
});
