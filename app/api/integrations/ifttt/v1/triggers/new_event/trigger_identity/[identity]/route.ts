// DELETE /api/integrations/ifttt/v1/triggers/new_event/trigger_identity/{identity} - an applet using the trigger is gone
// IFTTT's service protocol: outside apiRoute because IFTTT has its own authentication, body shapes and statuses
// (lib/integrations/ifttt/service.ts).
import { iftttServiceRoute } from "@/lib/integrations/ifttt/service";

// Nothing to forget: realtime notifications name the user (its key), not trigger identities, so none are stored.
export const DELETE = iftttServiceRoute(async () => undefined);
