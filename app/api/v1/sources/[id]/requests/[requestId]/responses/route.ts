// POST /api/v1/sources/<id>/requests/<requestId>/responses - a listen tunnel reports what its local target answered
import { apiRoute, ok } from "@/lib/api/handler";
import { tunnelResponseOut } from "@/lib/inbound/schemas";
import { recordTunnelResponse } from "@/lib/inbound/requests";
import { getSource } from "@/lib/inbound/sources";

export const POST = apiRoute({ params: { id: "text", requestId: "req" }, scope: "sources:write" }, async ({ ctx, json }, { id, requestId }) => {
  const source = await getSource({ id }, ctx);
  const input = { ...(json() as object), sourceId: source.id, requestId } as Parameters<typeof recordTunnelResponse>[0];
  return ok(tunnelResponseOut.parse(await recordTunnelResponse(input, ctx)));
});
