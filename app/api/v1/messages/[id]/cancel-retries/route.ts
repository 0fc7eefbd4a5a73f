// POST /api/v1/messages/<id>/cancel-retries - cancel the message's scheduled attempts (to one endpoint with {"endpointId"})
import { apiRoute, ok } from "@/lib/api/handler";
import { count } from "@/lib/api/v1-schemas";
import { cancelPendingRetries } from "@/lib/outbound/replay";

export const POST = apiRoute({ params: { id: "msg" }, scope: "messages:write" }, async ({ ctx, json }, { id }) =>
  ok(count.parse(await cancelPendingRetries({ ...(json() as object), messageId: id }, ctx))),
);
