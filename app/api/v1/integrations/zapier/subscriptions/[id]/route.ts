// DELETE /api/v1/integrations/zapier/subscriptions/{id} - unsubscribe a Zap (its endpoint goes)
import { apiRoute, ok } from "@/lib/api/handler";
import { unsubscribe } from "@/lib/integrations/zapier/hooks";

export const DELETE = apiRoute({ params: { id: "ep" }, scope: "endpoints:write" }, async ({ ctx }, { id }) => {
  await unsubscribe({ id }, ctx);
  return ok(null, 204);
});
