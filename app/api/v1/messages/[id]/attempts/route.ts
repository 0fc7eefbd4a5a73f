// GET /api/v1/messages/<id>/attempts - every attempt to deliver the message, newest first
import { apiRoute, ok } from "@/lib/api/handler";
import { listBody } from "@/lib/api/v1-schemas";
import { attemptList } from "@/lib/outbound/schemas";
import { getMessage, listAttempts } from "@/lib/outbound/message-lists";

export const GET = apiRoute({ params: { id: "msg" }, scope: "messages:read" }, async ({ ctx, query }, { id }) => {
  await getMessage({ id }, ctx);
  const { data, nextCursor } = await listAttempts({ ...Object.fromEntries(query), messageId: id }, ctx);
  return ok(attemptList.parse(listBody(data, nextCursor)));
});
