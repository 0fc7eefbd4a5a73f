// POST /api/v1/sources/<id>/token - regenerate the source URL; the old one stops working
import { apiRoute, ok } from "@/lib/api/handler";
import { sourceOut } from "@/lib/inbound/schemas";
import { regenerateSourceToken } from "@/lib/inbound/sources";

export const POST = apiRoute({ params: { id: "text" }, scope: "sources:write" }, async ({ ctx }, { id }) => ok(sourceOut.parse(await regenerateSourceToken({ id }, ctx))));
