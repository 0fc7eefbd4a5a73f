// GET /api/v1/templates/<id>/versions - the published versions, newest first
import { apiRoute, ok } from "@/lib/api/handler";
import { templateVersionList } from "@/lib/payloads/schemas";
import { listTemplateVersions } from "@/lib/payloads/templates";

export const GET = apiRoute({ params: { id: "tpl" }, scope: "templates:read" }, async ({ ctx }, { id }) =>
  ok(templateVersionList.parse({ data: await listTemplateVersions({ id }, ctx) })),
);
