// GET /api/v1/endpoints/<id>/attempts - the endpoint's delivery attempts, newest first
import { apiRoute, ok } from "@/lib/api/handler";
import { listBody } from "@/lib/api/v1-schemas";
import { attemptList } from "@/lib/outbound/schemas";
import { getEndpoint } from "@/lib/outbound/endpoints";
import { listAttempts } from "@/lib/outbound/message-lists";

export const GET = apiRoute({ params: { id: "ep" }, scope: "messages:read" }, async ({ ctx, query }, { id }) => {
  await getEndpoint({ id }, ctx); // another workspace's endpoint is a 404, not an empty list
  const { data, nextCursor } = await listAttempts({ ...Object.fromEntries(query), endpointId: id }, ctx);
  return ok(attemptList.parse(listBody(data, nextCursor)));
});
