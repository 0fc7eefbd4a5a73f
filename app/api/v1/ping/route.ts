// GET /api/v1/ping - check a key: its workspace, scopes and the application it is limited to
import { apiRoute, ok } from "@/lib/api/handler";
import { pingResponse } from "@/lib/api/v1-schemas";

export const GET = apiRoute({}, async ({ key }) => {
  const { id, name, slug } = key.workspace;
  return ok(pingResponse.parse({ workspace: { id, name, slug }, key: { id: key.id, name: key.name, environment: key.environment, scopes: key.scopes, applicationId: key.applicationId } }));
});
