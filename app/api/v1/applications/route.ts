// GET /api/v1/applications - the workspace's applications, newest first, cursor-paginated, searchable by name or uid
// POST /api/v1/applications - add an application (one of your customers)
import { apiRoute, ok } from "@/lib/api/handler";
import { listBody } from "@/lib/api/v1-schemas";
import { application, applicationList } from "@/lib/applications/schemas";
import { createApplication, listApplications } from "@/lib/applications";

export const GET = apiRoute({ scope: "applications:read" }, async ({ ctx, query }) => {
  const { data, nextCursor } = await listApplications(Object.fromEntries(query), ctx);
  return ok(applicationList.parse(listBody(data, nextCursor)));
});

export const POST = apiRoute({ scope: "applications:write" }, async ({ ctx, json }) =>
  ok(application.parse(await createApplication(json() as Parameters<typeof createApplication>[0], ctx)), 201),
);
