// GET /api/v1/endpoints - the workspace's endpoints, cursor-paginated
// POST /api/v1/endpoints - add an endpoint; the answer carries its signing secret once
import { apiRoute, ok } from "@/lib/api/handler";
import { listBody } from "@/lib/api/v1-schemas";
import { endpointCreated, endpointList } from "@/lib/outbound/schemas";
import { createEndpoint, listEndpoints } from "@/lib/outbound/endpoints";

export const GET = apiRoute({ scope: "endpoints:read" }, async ({ ctx, query }) => {
  const { data, nextCursor } = await listEndpoints(Object.fromEntries(query), ctx);
  return ok(endpointList.parse(listBody(data, nextCursor)));
});

export const POST = apiRoute({ scope: "endpoints:write" }, async ({ ctx, json }) => {
  const { endpoint, secret } = await createEndpoint(json() as Parameters<typeof createEndpoint>[0], ctx);
  return ok(endpointCreated.parse({ ...endpoint, secret }), 201);
});
