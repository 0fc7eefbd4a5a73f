// GET /api/v1/integrations/zapier/me - Zapier's authentication test: the key's workspace and application
import { apiRoute, ok } from "@/lib/api/handler";
import { zapierMe } from "@/lib/integrations/zapier/hooks";
import { zapierMe as zapierMeOut } from "@/lib/integrations/zapier/schemas";

export const GET = apiRoute({}, async ({ key, ctx }) => ok(zapierMeOut.parse(await zapierMe(key, ctx))));
