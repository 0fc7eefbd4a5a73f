// GET /api/v1/sources/<id>/requests/<requestId> - one request, with what each listen tunnel's target answered
import { notFound } from "@/lib/api/errors";
import { apiRoute, ok } from "@/lib/api/handler";
import { inboundRequestDetail } from "@/lib/inbound/schemas";
import { getInboundRequest } from "@/lib/inbound/requests";
import { getSource } from "@/lib/inbound/sources";

export const GET = apiRoute({ params: { id: "text", requestId: "req" }, scope: "sources:read" }, async ({ ctx }, { id, requestId }) => {
  const source = await getSource({ id }, ctx);
  const request = await getInboundRequest({ id: requestId }, ctx);
  if (request.sourceId !== source.id) throw notFound("The request");
  return ok(inboundRequestDetail.parse(request));
});
