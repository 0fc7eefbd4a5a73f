// POST /api/integrations/ifttt/v1/triggers/new_event - the application's recent events of the trigger's type
// IFTTT's service protocol: outside apiRoute because IFTTT has its own authentication, body shapes and statuses
// (lib/integrations/ifttt/service.ts).
import { iftttUserRoute, newEventTrigger } from "@/lib/integrations/ifttt/service";

export const POST = iftttUserRoute({}, ({ body, ctx }) => newEventTrigger(body, ctx));
