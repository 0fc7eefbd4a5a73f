// GET /api/v1/sources/<id or name> - one source
// PATCH /api/v1/sources/<id or name> - change the given fields
// DELETE /api/v1/sources/<id or name> - remove the source with its requests and connections
import { apiRoute, ok } from "@/lib/api/handler";
import { deletedOut, sourceOut } from "@/lib/inbound/schemas";
import { deleteSource, getSource, updateSource } from "@/lib/inbound/sources";


export const GET = apiRoute({ params: { id: "text" }, scope: "sources:read" }, async ({ ctx }, { id }) => ok(sourceOut.parse(await getSource({ id }, ctx))));

export const PATCH = apiRoute({ params: { id: "text" }, scope: "sources:write" }, async ({ ctx, json }, { id }) => {
  const source = await getSource({ id }, ctx);
  return ok(sourceOut.parse(await updateSource({ ...(json() as object), id: source.id }, ctx)));
});

export const DELETE = apiRoute({ params: { id: "text" }, scope: "sources:write" }, async ({ ctx }, { id }) => {
  const source = await getSource({ id }, ctx);
  await deleteSource({ id: source.id }, ctx);
  return ok(deletedOut.parse({ id: source.id, deleted: true }));
});
