// GET /api/v1/alert-rules - the workspace's alert rules, cursor-paginated
// POST /api/v1/alert-rules - add a rule; a generated webhook secret is in this answer only
import { alertRule, alertRuleList } from "@/lib/alerts/schemas";
import { createAlertRule, listAlertRules } from "@/lib/alerts/rules";
import { apiRoute, ok } from "@/lib/api/handler";
import { listBody } from "@/lib/api/v1-schemas";

export const GET = apiRoute({ scope: "alerts:read" }, async ({ ctx, query }) => {
  const { data, nextCursor } = await listAlertRules(Object.fromEntries(query), ctx);
  return ok(alertRuleList.parse(listBody(data, nextCursor)));
});

export const POST = apiRoute({ scope: "alerts:write" }, async ({ ctx, json }) =>
  ok(alertRule.parse(await createAlertRule(json() as Parameters<typeof createAlertRule>[0], ctx)), 201),
);
