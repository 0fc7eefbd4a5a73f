// POST /api/v1/endpoints/<id>/cancel-retries - cancel every scheduled attempt of the endpoint's deliveries
import { apiRoute, ok } from "@/lib/api/handler";
import { count } from "@/lib/api/v1-schemas";
import { cancelPendingRetries } from "@/lib/outbound/replay";

export const POST = apiRoute({ params: { id: "ep" }, scope: "messages:write" }, async ({ ctx }, { id }) => ok(count.parse(await cancelPendingRetries({ endpointId: id }, ctx))));
