// GET /api/v1/endpoints/<id> - one endpoint
// PATCH /api/v1/endpoints/<id> - change the given fields
// DELETE /api/v1/endpoints/<id> - remove the endpoint with its deliveries and attempts
import { apiRoute, ok } from "@/lib/api/handler";
import { endpoint } from "@/lib/outbound/schemas";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/outbound/endpoints";


export const GET = apiRoute({ params: { id: "ep" }, scope: "endpoints:read" }, async ({ ctx }, { id }) => ok(endpoint.parse(await getEndpoint({ id }, ctx))));

export const PATCH = apiRoute({ params: { id: "ep" }, scope: "endpoints:write" }, async ({ ctx, json }, { id }) =>
  ok(endpoint.parse(await updateEndpoint({ ...(json() as object), id }, ctx))),
);

export const DELETE = apiRoute({ params: { id: "ep" }, scope: "endpoints:write" }, async ({ ctx }, { id }) => {
  await deleteEndpoint({ id }, ctx);
  return ok(null, 204);
});
