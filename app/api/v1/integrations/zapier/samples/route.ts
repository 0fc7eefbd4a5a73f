// GET /api/v1/integrations/zapier/samples?eventType= - perform list: recent events of a type, else its sample
import { apiRoute, ok } from "@/lib/api/handler";
import { performList } from "@/lib/integrations/zapier/hooks";
import { zapierSamples } from "@/lib/integrations/zapier/schemas";

export const GET = apiRoute({ scope: "messages:read" }, async ({ ctx, query }) => ok(zapierSamples.parse(await performList(Object.fromEntries(query) as Parameters<typeof performList>[0], ctx))));
