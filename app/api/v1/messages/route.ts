// POST /api/v1/messages - send an event to every subscribed endpoint (202: stored, delivery follows)
// GET /api/v1/messages - sent messages, newest first, cursor-paginated
import { apiRoute, ok } from "@/lib/api/handler";
import { listBody } from "@/lib/api/v1-schemas";
import { messageAccepted, messageList } from "@/lib/outbound/schemas";
import { env } from "@/lib/platform/env";
import { listMessages } from "@/lib/outbound/message-lists";
import { sendMessage } from "@/lib/outbound/send";

export const POST = apiRoute({ scope: "messages:write", maxBodyBytes: () => env().API_MAX_MESSAGE_BYTES }, async ({ ctx, json }) => {
  const result = await sendMessage(json() as Parameters<typeof sendMessage>[0], ctx);
  return ok(messageAccepted.parse({ ...result.message, deliveryCount: result.deliveryCount }), 202);
});

export const GET = apiRoute({ scope: "messages:read" }, async ({ ctx, query }) => {
  const { data, nextCursor } = await listMessages(Object.fromEntries(query), ctx);
  return ok(messageList.parse(listBody(data, nextCursor)));
});
