// POST /api/v1/applications/<id or uid>/portal-access/expire-all - end every portal session of the application
import { apiRoute, ok } from "@/lib/api/handler";
import { expireAllPortalSessions } from "@/lib/applications";
import { portalExpireAllOut } from "@/lib/applications/api-schemas";

export const POST = apiRoute({ params: { id: "text" }, scope: "applications:write" }, async ({ ctx }, { id }) => ok(portalExpireAllOut.parse(await expireAllPortalSessions({ id }, ctx))));
