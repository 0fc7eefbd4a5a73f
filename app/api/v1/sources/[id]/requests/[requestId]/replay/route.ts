// POST /api/v1/sources/<id>/requests/<requestId>/replay - re-send a request to an endpoint or a URL
import { notFound } from "@/lib/api/errors";
import { apiRoute, ok } from "@/lib/api/handler";
import { replayOut } from "@/lib/inbound/schemas";
import { getInboundRequest, replayInboundRequest } from "@/lib/inbound/requests";
import { getSource } from "@/lib/inbound/sources";

export const POST = apiRoute({ params: { id: "text", requestId: "req" }, scope: "sources:write" }, async ({ ctx, json }, { id, requestId }) => {
  const source = await getSource({ id }, ctx);
  if ((await getInboundRequest({ id: requestId }, ctx)).sourceId !== source.id) throw notFound("The request");
  return ok(replayOut.parse(await replayInboundRequest({ ...(json() as object), id: requestId } as Parameters<typeof replayInboundRequest>[0], ctx)));
});
