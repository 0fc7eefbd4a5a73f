// PATCH /api/v1/sources/<id>/connections/<connectionId> - change a connection
// DELETE /api/v1/sources/<id>/connections/<connectionId> - remove it
import { notFound } from "@/lib/api/errors";
import { apiRoute, ok } from "@/lib/api/handler";
import { connectionOut, deletedOut } from "@/lib/inbound/schemas";
import { deleteConnection, getConnection, updateConnection } from "@/lib/inbound/connections";
import type { RequestContext } from "@/lib/api/request-context";
import { getSource } from "@/lib/inbound/sources";
import type { Id } from "@/lib/platform/id-types";

async function owned(ctx: RequestContext, { id, connectionId }: { id: string; connectionId: Id<"con"> }) {
  const source = await getSource({ id }, ctx);
  const connection = await getConnection({ id: connectionId }, ctx);
  if (connection.sourceId !== source.id) throw notFound("The connection");
  return connection;
}

export const PATCH = apiRoute({ params: { id: "text", connectionId: "con" }, scope: "sources:write" }, async ({ ctx, json }, params) => {
  const connection = await owned(ctx, params);
  return ok(connectionOut.parse(await updateConnection({ ...(json() as object), id: connection.id }, ctx)));
});

export const DELETE = apiRoute({ params: { id: "text", connectionId: "con" }, scope: "sources:write" }, async ({ ctx }, params) => {
  const connection = await owned(ctx, params);
  await deleteConnection({ id: connection.id }, ctx);
  return ok(deletedOut.parse({ id: connection.id, deleted: true }));
});
