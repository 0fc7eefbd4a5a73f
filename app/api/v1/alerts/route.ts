// GET /api/v1/alerts - the alert history (incidents with their evidence and notifications), cursor-paginated
import { alertList } from "@/lib/alerts/schemas";
import { listAlerts } from "@/lib/alerts/history";
import { apiRoute, ok } from "@/lib/api/handler";
import { listBody } from "@/lib/api/v1-schemas";

export const GET = apiRoute({ scope: "alerts:read" }, async ({ ctx, query }) => {
  const { data, nextCursor } = await listAlerts(Object.fromEntries(query), ctx);
  return ok(alertList.parse(listBody(data, nextCursor)));
});
