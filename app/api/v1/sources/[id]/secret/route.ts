// GET /api/v1/sources/<id>/secret - the verification secret of the source's preset; audited
import { apiRoute, ok } from "@/lib/api/handler";
import { sourceSecretOut } from "@/lib/inbound/schemas";
import { revealSourceSecret } from "@/lib/inbound/sources";

export const GET = apiRoute({ params: { id: "text" }, scope: "sources:write" }, async ({ ctx }, { id }) => ok(sourceSecretOut.parse(await revealSourceSecret({ id }, ctx))));
