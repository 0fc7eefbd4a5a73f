// GET /api/v1/event-types - the event type catalog
// POST /api/v1/event-types - add an event type (version 1 carries the JSON Schema)
import { apiRoute, ok } from "@/lib/api/handler";
import { eventType, eventTypeList } from "@/lib/api/v1-schemas";
import { createEventType, listEventTypes } from "@/lib/event-types";

export const GET = apiRoute({ scope: "event_types:read" }, async ({ ctx, query }) => {
  const data = await listEventTypes({ includeArchived: query.get("includeArchived") === "true", featureGroup: query.get("featureGroup") ?? undefined }, ctx);
  return ok(eventTypeList.parse({ data }));
});

export const POST = apiRoute({ scope: "event_types:write" }, async ({ ctx, json }) => {
  const created = await createEventType(json() as Parameters<typeof createEventType>[0], ctx);
  return ok(eventType.parse(created), 201);
});
