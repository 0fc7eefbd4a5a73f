// POST /api/v1/templates/<id>/rollback - publish an earlier version's source again as the new latest version
import { idOrNotFound } from "@/lib/api/errors";
import { apiRoute, ok } from "@/lib/api/handler";
import { templateVersion } from "@/lib/payloads/schemas";
import { rollbackTemplate } from "@/lib/payloads/templates";

export const POST = apiRoute({ params: { id: "tpl" }, scope: "templates:write" }, async ({ ctx, json }, { id }) =>
  ok(templateVersion.parse(await rollbackTemplate({ ...(json() as object), id: idOrNotFound("tpl", id, "The template") } as Parameters<typeof rollbackTemplate>[0], ctx)), 201),
);
