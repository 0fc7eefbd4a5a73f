// POST /api/v1/messages/<id>/replay - resend to one endpoint ({"endpointId"}) or to every endpoint it went to
import { apiRoute, ok } from "@/lib/api/handler";
import { count } from "@/lib/api/v1-schemas";
import { replayMessage } from "@/lib/outbound/replay";

export const POST = apiRoute({ params: { id: "msg" }, scope: "messages:write" }, async ({ ctx, json }, { id }) => {
  const { deliveryCount } = await replayMessage({ ...(json() as object), messageId: id }, ctx);
  return ok(count.parse({ count: deliveryCount }), 202);
});
