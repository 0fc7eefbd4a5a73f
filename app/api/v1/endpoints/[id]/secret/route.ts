// GET /api/v1/endpoints/<id>/secret - the signing secret (and any still in a rotation overlap); audited
import { apiRoute, ok } from "@/lib/api/handler";
import { endpointSecrets } from "@/lib/outbound/schemas";
import { revealEndpointSecret } from "@/lib/outbound/endpoints";

export const GET = apiRoute({ params: { id: "ep" }, scope: "endpoints:write" }, async ({ ctx }, { id }) => ok(endpointSecrets.parse(await revealEndpointSecret({ id }, ctx))));
