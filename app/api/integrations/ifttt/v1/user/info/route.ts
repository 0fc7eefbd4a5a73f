// GET /api/integrations/ifttt/v1/user/info - who the access token is
// IFTTT's service protocol: outside apiRoute because IFTTT has its own authentication, body shapes and statuses
// (lib/integrations/ifttt/service.ts).
import { iftttUserRoute, userInfo } from "@/lib/integrations/ifttt/service";

export const GET = iftttUserRoute({}, ({ key, ctx }) => userInfo(key, ctx));
