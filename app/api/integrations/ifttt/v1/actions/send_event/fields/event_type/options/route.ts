// POST /api/integrations/ifttt/v1/actions/send_event/fields/event_type/options - the action field's choices
// IFTTT's service protocol: outside apiRoute because IFTTT has its own authentication, body shapes and statuses
// (lib/integrations/ifttt/service.ts).
import { eventTypeOptions, iftttUserRoute } from "@/lib/integrations/ifttt/service";

export const POST = iftttUserRoute({}, ({ ctx }) => eventTypeOptions(ctx));
