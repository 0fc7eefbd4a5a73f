// GET /api/v1/applications/<id or uid> - one application
// PATCH /api/v1/applications/<id or uid> - change the given fields
// DELETE /api/v1/applications/<id or uid> - remove the application with its endpoints and messages
import { apiRoute, ok } from "@/lib/api/handler";
import { application } from "@/lib/applications/schemas";
import { deleteApplication, resolveApplication, updateApplication } from "@/lib/applications";


export const GET = apiRoute({ params: { id: "text" }, scope: "applications:read" }, async ({ ctx }, { id }) => ok(application.parse(await resolveApplication({ id }, ctx))));

export const PATCH = apiRoute({ params: { id: "text" }, scope: "applications:write" }, async ({ ctx, json }, { id }) =>
  ok(application.parse(await updateApplication({ ...(json() as object), id }, ctx))),
);

export const DELETE = apiRoute({ params: { id: "text" }, scope: "applications:write" }, async ({ ctx }, { id }) => {
  await deleteApplication({ id }, ctx);
  return ok(null, 204);
});
