// POST /api/v1/templates/<id>/preview - render the draft, a source or a version against an event; changes nothing
import { idOrNotFound } from "@/lib/api/errors";
import { apiRoute, ok } from "@/lib/api/handler";
import { templatePreview } from "@/lib/payloads/schemas";
import { previewTemplate } from "@/lib/payloads/templates";

export const POST = apiRoute({ params: { id: "tpl" }, scope: "templates:read" }, async ({ ctx, json }, { id }) =>
  ok(templatePreview.parse(await previewTemplate({ ...(json() as object), id: idOrNotFound("tpl", id, "The template") }, ctx))),
);
