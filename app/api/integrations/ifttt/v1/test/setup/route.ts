// POST /api/integrations/ifttt/v1/test/setup - IFTTT's endpoint tests start: a test user's token and samples
// IFTTT's service protocol: outside apiRoute because IFTTT has its own authentication, body shapes and statuses
// (lib/integrations/ifttt/service.ts).
import { testSetup } from "@/lib/integrations/ifttt/oauth";
import { iftttServiceRoute } from "@/lib/integrations/ifttt/service";

export const POST = iftttServiceRoute(() => testSetup());
