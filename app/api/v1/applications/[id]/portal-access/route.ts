// POST /api/v1/applications/<id or uid>/portal-access - a single-use consumer portal link for the application
import { apiRoute, ok } from "@/lib/api/handler";
import { createPortalAccess } from "@/lib/applications";
import { portalAccessOut } from "@/lib/applications/api-schemas";

export const POST = apiRoute({ params: { id: "text" }, scope: "applications:write" }, async ({ ctx, json }, { id }) =>
  ok(portalAccessOut.parse(await createPortalAccess({ ...((json() ?? {}) as object), id }, ctx)), 201),
);
