// GET /api/v1/sources/<id>/requests - the source's requests, accepted and rejected, newest first
import { apiRoute, ok } from "@/lib/api/handler";
import { listBody } from "@/lib/api/v1-schemas";
import { inboundRequestList } from "@/lib/inbound/schemas";
import { listInboundRequests } from "@/lib/inbound/requests";
import { getSource } from "@/lib/inbound/sources";

export const GET = apiRoute({ params: { id: "text" }, scope: "sources:read" }, async ({ ctx, query }, { id }) => {
  const source = await getSource({ id }, ctx);
  const { data, nextCursor } = await listInboundRequests({ ...Object.fromEntries(query), sourceId: source.id }, ctx);
  return ok(inboundRequestList.parse(listBody(data, nextCursor)));
});
