// GET /api/v1/integrations/zapier/app - the Zapier Platform app definition for the workspace's event types
import { apiRoute } from "@/lib/api/handler";
import { zapierAppDefinition } from "@/lib/integrations/zapier/hooks";

export const GET = apiRoute({ scope: "event_types:read" }, async ({ ctx }) =>
  Response.json(await zapierAppDefinition(ctx), { headers: { "content-disposition": 'attachment; filename="zapier-definition.json"' } }),
);
