// POST /api/v1/templates/<id>/publish - publish the draft as the next version
import { idOrNotFound } from "@/lib/api/errors";
import { apiRoute, ok } from "@/lib/api/handler";
import { templateVersion } from "@/lib/payloads/schemas";
import { publishTemplate } from "@/lib/payloads/templates";

export const POST = apiRoute({ params: { id: "tpl" }, scope: "templates:write" }, async ({ ctx, json }, { id }) =>
  ok(templateVersion.parse(await publishTemplate({ ...(json() as object), id: idOrNotFound("tpl", id, "The template") }, ctx)), 201),
);
