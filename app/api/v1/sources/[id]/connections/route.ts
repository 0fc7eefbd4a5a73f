// GET /api/v1/sources/<id>/connections - where the source's accepted requests are routed
// POST /api/v1/sources/<id>/connections - route them to an endpoint, with an optional filter and transformation
import { apiRoute, ok } from "@/lib/api/handler";
import { connectionList, connectionOut } from "@/lib/inbound/schemas";
import { createConnection, listConnections } from "@/lib/inbound/connections";
import { getSource } from "@/lib/inbound/sources";


export const GET = apiRoute({ params: { id: "text" }, scope: "sources:read" }, async ({ ctx }, { id }) => {
  const source = await getSource({ id }, ctx);
  return ok(connectionList.parse({ data: await listConnections({ sourceId: source.id }, ctx) }));
});

export const POST = apiRoute({ params: { id: "text" }, scope: "sources:write" }, async ({ ctx, json }, { id }) => {
  const source = await getSource({ id }, ctx);
  const input = { ...(json() as object), sourceId: source.id } as Parameters<typeof createConnection>[0];
  return ok(connectionOut.parse(await createConnection(input, ctx)), 201);
});
