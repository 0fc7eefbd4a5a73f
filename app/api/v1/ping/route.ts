// GET /api/v1/ping - check a key: its workspace and scopes
import { apiRoute, ok } from "@/lib/api/handler";
import { pingResponse } from "@/lib/api/v1-schemas";
import { getWorkspaceSummary } from "@/lib/workspaces";

export const GET = apiRoute({}, async ({ key }) => {
  const workspace = await getWorkspaceSummary(key.workspaceId);
  return ok(pingResponse.parse({ workspace, key: { id: key.id, name: key.name, environment: key.environment, scopes: key.scopes } }));
});
