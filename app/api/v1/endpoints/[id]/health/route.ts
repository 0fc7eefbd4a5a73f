// GET /api/v1/endpoints/<id>/health - success rate and failure state over a recent window
import { apiRoute, ok } from "@/lib/api/handler";
import { endpointHealth } from "@/lib/outbound/schemas";
import { getEndpointHealth } from "@/lib/outbound/endpoints";

export const GET = apiRoute({ params: { id: "ep" }, scope: "endpoints:read" }, async ({ ctx, query }, { id }) => {
  const sinceSeconds = query.get("sinceSeconds");
  return ok(endpointHealth.parse(await getEndpointHealth({ id, sinceSeconds: sinceSeconds ? Number(sinceSeconds) : undefined }, ctx)));
});
