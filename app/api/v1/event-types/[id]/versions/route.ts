// POST /api/v1/event-types/<id>/versions - add a version with a new JSON Schema
import { apiRoute, ok } from "@/lib/api/handler";
import { eventTypeVersion } from "@/lib/outbound/schemas";
import { addEventTypeVersion } from "@/lib/outbound/event-types";

export const POST = apiRoute({ params: { id: "text" }, scope: "event_types:write" }, async ({ ctx, json }, { id }) =>
  ok(eventTypeVersion.parse(await addEventTypeVersion({ ...(json() as object), eventTypeId: id } as Parameters<typeof addEventTypeVersion>[0], ctx)), 201),
);
