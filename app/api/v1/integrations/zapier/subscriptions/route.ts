// POST /api/v1/integrations/zapier/subscriptions - subscribe a Zap's hook to an event type (REST Hooks)
import { apiRoute, ok } from "@/lib/api/handler";
import { subscribe } from "@/lib/integrations/zapier/hooks";
import { zapierSubscription } from "@/lib/integrations/zapier/schemas";

export const POST = apiRoute({ scope: "endpoints:write" }, async ({ ctx, json }) => {
  return ok(zapierSubscription.parse(await subscribe(json() as Parameters<typeof subscribe>[0], ctx)), 201);
});
