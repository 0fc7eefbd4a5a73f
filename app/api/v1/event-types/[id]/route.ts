// GET /api/v1/event-types/<id or name> - one event type with its versions
// PATCH /api/v1/event-types/<id> - change description, group, deprecated or archived
// DELETE /api/v1/event-types/<id> - remove an event type
import { apiRoute, ok } from "@/lib/api/handler";
import { eventType, eventTypeWithVersions } from "@/lib/outbound/schemas";
import { deleteEventType, getEventType, updateEventType } from "@/lib/outbound/event-types";


export const GET = apiRoute({ params: { id: "text" }, scope: "event_types:read" }, async ({ ctx }, { id }) =>
  ok(eventTypeWithVersions.parse(await getEventType({ idOrName: decodeURIComponent(id) }, ctx))),
);

export const PATCH = apiRoute({ params: { id: "text" }, scope: "event_types:write" }, async ({ ctx, json }, { id }) =>
  ok(eventType.parse(await updateEventType({ ...(json() as object), id }, ctx))),
);

export const DELETE = apiRoute({ params: { id: "text" }, scope: "event_types:write" }, async ({ ctx }, { id }) => {
  await deleteEventType({ id }, ctx);
  return ok(null, 204);
});
