// POST /api/v1/messages/broadcast - send one event to every application (202: accepted, messages written in batches)
import { apiRoute, ok } from "@/lib/api/handler";
import { broadcast } from "@/lib/outbound/schemas";
import { env } from "@/lib/platform/env";
import { createBroadcast } from "@/lib/outbound/broadcast";

export const POST = apiRoute({ scope: "messages:write", maxBodyBytes: () => env().API_MAX_MESSAGE_BYTES }, async ({ ctx, json }) =>
  ok(broadcast.parse(await createBroadcast(json() as Parameters<typeof createBroadcast>[0], ctx)), 202),
);
