// POST /api/v1/endpoints/<id>/secret/rotate - new signing secret; the old one keeps signing for the overlap
import { apiRoute, ok } from "@/lib/api/handler";
import { secretRotated } from "@/lib/outbound/schemas";
import { rotateEndpointSecret } from "@/lib/outbound/endpoints";

export const POST = apiRoute({ params: { id: "ep" }, scope: "endpoints:write" }, async ({ ctx, json }, { id }) =>
  ok(secretRotated.parse(await rotateEndpointSecret({ ...(json() as object), id }, ctx))),
);
