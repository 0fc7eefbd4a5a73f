// GET /api/v1/sources - the workspace's sources, cursor-paginated
// POST /api/v1/sources - add a source; the answer carries its URL
import { apiRoute, ok } from "@/lib/api/handler";
import { listBody } from "@/lib/api/v1-schemas";
import { sourceList, sourceOut } from "@/lib/inbound/schemas";
import { createSource, listSources } from "@/lib/inbound/sources";

export const GET = apiRoute({ scope: "sources:read" }, async ({ ctx, query }) => {
  const { data, nextCursor } = await listSources(Object.fromEntries(query), ctx);
  return ok(sourceList.parse(listBody(data, nextCursor)));
});

export const POST = apiRoute({ scope: "sources:write" }, async ({ ctx, json }) =>
  ok(sourceOut.parse(await createSource(json() as Parameters<typeof createSource>[0], ctx)), 201),
);
