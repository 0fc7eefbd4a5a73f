// GET /api/v1/event-types - the event type catalog, by name, cursor-paginated
// POST /api/v1/event-types - add an event type (version 1 carries the JSON Schema)
import { apiRoute, ok } from "@/lib/api/handler";
import { pageQuerySchema } from "@/lib/api/pagination";
import { listBody } from "@/lib/api/v1-schemas";
import { eventType, eventTypeList } from "@/lib/outbound/schemas";
import { createEventType, listEventTypes } from "@/lib/outbound/event-types";

export const GET = apiRoute({ scope: "event_types:read" }, async ({ ctx, query }) => {
  const { limit, cursor } = pageQuerySchema.parse(Object.fromEntries(query));
  const afterName = cursor === undefined ? undefined : Buffer.from(cursor, "base64url").toString();
  const rows = await listEventTypes(
    { includeArchived: query.get("includeArchived") === "true", featureGroup: query.get("featureGroup") ?? undefined, afterName, limit: limit + 1 },
    ctx,
  );
  const data = rows.slice(0, limit);
  // The cursor is the last name returned: names are unique within a workspace, so the next page starts after it.
  const nextCursor = rows.length > limit ? Buffer.from(data[data.length - 1].name).toString("base64url") : null;
  return ok(eventTypeList.parse(listBody(data, nextCursor)));
});

export const POST = apiRoute({ scope: "event_types:write" }, async ({ ctx, json }) => {
  const created = await createEventType(json() as Parameters<typeof createEventType>[0], ctx);
  return ok(eventType.parse(created), 201);
});
