// GET /api/integrations/ifttt/v1/status - IFTTT checks the service is up (IFTTT-Service-Key)
// IFTTT's service protocol: outside apiRoute because IFTTT has its own authentication, body shapes and statuses
// (lib/integrations/ifttt/service.ts).
import { iftttServiceRoute } from "@/lib/integrations/ifttt/service";

export const GET = iftttServiceRoute(async () => undefined);
