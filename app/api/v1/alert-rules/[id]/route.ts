// GET /api/v1/alert-rules/<id> - one alert rule
// PATCH /api/v1/alert-rules/<id> - change the given fields (not its kind)
// DELETE /api/v1/alert-rules/<id> - remove the rule; its alerts stay in the history
import { alertRule } from "@/lib/alerts/schemas";
import { deleteAlertRule, getAlertRule, updateAlertRule } from "@/lib/alerts/rules";
import { apiRoute, ok } from "@/lib/api/handler";

export const GET = apiRoute({ params: { id: "alr" }, scope: "alerts:read" }, async ({ ctx }, { id }) => ok(alertRule.parse(await getAlertRule({ id }, ctx))));

export const PATCH = apiRoute({ params: { id: "alr" }, scope: "alerts:write" }, async ({ ctx, json }, { id }) =>
  ok(alertRule.parse(await updateAlertRule({ ...(json() as object), id }, ctx))),
);

export const DELETE = apiRoute({ params: { id: "alr" }, scope: "alerts:write" }, async ({ ctx }, { id }) => {
  await deleteAlertRule({ id }, ctx);
  return ok(null, 204);
});
