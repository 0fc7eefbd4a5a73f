// POST /api/integrations/ifttt/v1/triggers/new_event/fields/event_type/options - the trigger field's choices
// IFTTT's service protocol: outside apiRoute because IFTTT has its own authentication, body shapes and statuses
// (lib/integrations/ifttt/service.ts).
import { eventTypeOptions, iftttUserRoute } from "@/lib/integrations/ifttt/service";

export const POST = iftttUserRoute({}, ({ ctx }) => eventTypeOptions(ctx));
