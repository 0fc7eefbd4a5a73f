// GET /api/v1/templates - the workspace's payload templates, cursor-paginated
// POST /api/v1/templates - make a template (a draft), optionally from a built-in
import { apiRoute, ok } from "@/lib/api/handler";
import { listBody } from "@/lib/api/v1-schemas";
import { template, templateList } from "@/lib/payloads/schemas";
import { createTemplate, listTemplates } from "@/lib/payloads/templates";

export const GET = apiRoute({ scope: "templates:read" }, async ({ ctx, query }) => {
  const { data, nextCursor } = await listTemplates(Object.fromEntries(query), ctx);
  return ok(templateList.parse(listBody(data, nextCursor)));
});

export const POST = apiRoute({ scope: "templates:write" }, async ({ ctx, json }) =>
  ok(template.parse(await createTemplate(json() as Parameters<typeof createTemplate>[0], ctx)), 201),
);
