// GET /api/v1/templates/<id> - one template with its draft
// PATCH /api/v1/templates/<id> - change its name, description or draft
// DELETE /api/v1/templates/<id> - remove it with its versions (409 while an endpoint uses it)
import { idOrNotFound } from "@/lib/api/errors";
import { apiRoute, ok } from "@/lib/api/handler";
import { template } from "@/lib/payloads/schemas";
import { deleteTemplate, getTemplate, updateTemplate } from "@/lib/payloads/templates";


export const GET = apiRoute({ params: { id: "tpl" }, scope: "templates:read" }, async ({ ctx }, { id }) => ok(template.parse(await getTemplate({ id }, ctx))));

export const PATCH = apiRoute({ params: { id: "tpl" }, scope: "templates:write" }, async ({ ctx, json }, { id }) =>
  ok(template.parse(await updateTemplate({ ...(json() as object), id: idOrNotFound("tpl", id, "The template") }, ctx))),
);

export const DELETE = apiRoute({ params: { id: "tpl" }, scope: "templates:write" }, async ({ ctx }, { id }) => {
  await deleteTemplate({ id }, ctx);
  return ok(null, 204);
});
