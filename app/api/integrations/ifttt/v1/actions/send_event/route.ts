// POST /api/integrations/ifttt/v1/actions/send_event - an applet sends an event to the token's application
// IFTTT's service protocol: outside apiRoute because IFTTT has its own authentication, body shapes and statuses
// (lib/integrations/ifttt/service.ts).
import { iftttUserRoute, sendEventAction } from "@/lib/integrations/ifttt/service";

export const POST = iftttUserRoute({ action: true }, ({ body, ctx }) => sendEventAction(body, ctx));
