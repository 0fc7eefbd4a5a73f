// POST /api/v1/endpoints/<id>/recover - resend every failed or exhausted delivery since a time
import { apiRoute, ok } from "@/lib/api/handler";
import { count } from "@/lib/api/v1-schemas";
import { recoverFailedDeliveries } from "@/lib/outbound/replay";

export const POST = apiRoute({ params: { id: "ep" }, scope: "messages:write" }, async ({ ctx, json }, { id }) =>
  ok(count.parse(await recoverFailedDeliveries({ ...(json() as { since: string }), endpointId: id }, ctx)), 202),
);
