// GET /api/v1/alerts/<id> - one alert (incident) with its evidence and notifications
import { alert } from "@/lib/alerts/schemas";
import { getAlert } from "@/lib/alerts/history";
import { apiRoute, ok } from "@/lib/api/handler";

export const GET = apiRoute({ params: { id: "inc" }, scope: "alerts:read" }, async ({ ctx }, { id }) => ok(alert.parse(await getAlert({ id }, ctx))));
