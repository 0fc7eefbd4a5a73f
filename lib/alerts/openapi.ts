import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { errorResponse, pageQuerySchema } from "@/lib/api";
import { alert, alertList, alertRule, alertRuleList, createAlertRuleSchema, listAlertsSchema, updateAlertRuleSchema } from "@/lib/alerts/schemas";

type Operation = Omit<RouteConfig, "responses"> & { responses: RouteConfig["responses"] };
const content = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const body = (schema: z.ZodType) => ({ body: { content: { "application/json": { schema } } } });
const ruleRef = { params: z.object({ id: z.string().openapi({ description: "The rule's id (`alr_…`)." }) }) };
const alertRef = { params: z.object({ id: z.string().openapi({ description: "The alert's id (`inc_…`)." }) }) };
/** What a key limited to one application gets: alerting belongs to the whole workspace. */
const WORKSPACE_LEVEL = { 404: content(errorResponse, "No such rule or alert in the key's workspace, or the key is limited to one application and alerting belongs to the whole workspace (`not_found`).") };

const KINDS =
  "`kind` and its `params`: `failure_rate` (`thresholdPercent` 50, `windowMinutes` 15, `minAttempts` 10; per endpoint, from the per-minute rollups), " +
  "`consecutive_failures` (`count` 5: an endpoint's last N attempts failed), `endpoint_disabled` (an endpoint disabled automatically), " +
  "`delivery_exhausted` (`windowMinutes` 1440: a delivery failed for good and the endpoint has not succeeded since), " +
  "`inbound_verification_failures` (`count` 10, `windowMinutes` 15: a source's requests failing verification), " +
  "`api_key_expiring` (`days` 7), `delivery_lag` (`lagSeconds` 300: the oldest due delivery's wait). " +
  "Scope with `applicationId` / `endpointId` (endpoint kinds) or `sourceId` (the inbound kind). " +
  "`channels`: `{type: \"email\", to: [...]}`, `{type: \"slack\", endpointId}` (one of the workspace's Slack connections), " +
  "`{type: \"webhook\", url, secret?}` (signed with Standard Webhooks; a generated secret is in this answer only).";

/** Registers the alerting operations; `op` is lib/api/openapi.ts's registerOperation bound to its registry. */
export function registerAlertOperations(op: (operation: Operation) => void) {
  const tags = ["Alerts"];
  op({ method: "get", path: "/alert-rules", summary: "List alert rules", tags, description: "The workspace's alert rules, newest first. Needs `alerts:read`.",
    request: { query: pageQuerySchema }, responses: { 200: content(alertRuleList, "A page of rules."), ...WORKSPACE_LEVEL } });
  op({ method: "post", path: "/alert-rules", summary: "Create an alert rule", tags, description: `${KINDS} Audited. Needs \`alerts:write\`.`,
    request: body(createAlertRuleSchema), responses: { 201: content(alertRule, "Created."), ...WORKSPACE_LEVEL } });
  op({ method: "get", path: "/alert-rules/{id}", summary: "Get an alert rule", tags, request: ruleRef, responses: { 200: content(alertRule, "The rule."), ...WORKSPACE_LEVEL } });
  op({ method: "patch", path: "/alert-rules/{id}", summary: "Update an alert rule", tags,
    description: "Any field but `kind`; `params` are merged over the rule's, `channels` replace them (a webhook keeps its secret when its URL stays). Disabling a rule closes its firing alerts without a resolved alert. Audited.",
    request: { ...ruleRef, ...body(updateAlertRuleSchema.omit({ id: true })) }, responses: { 200: content(alertRule, "Updated."), ...WORKSPACE_LEVEL } });
  op({ method: "delete", path: "/alert-rules/{id}", summary: "Delete an alert rule", tags, description: "Its alerts stay in the history. Audited.",
    request: ruleRef, responses: { 204: { description: "Deleted." }, ...WORKSPACE_LEVEL } });
  op({ method: "get", path: "/alerts", summary: "List alerts", tags,
    description: "The alert history, newest first: each incident (one per rule and subject while it fires) with its evidence, linked to the dashboard pages, and the notifications it sent (one `firing`, one `resolved` per channel). Filter by `state` and `rule`. Needs `alerts:read`.",
    request: { query: listAlertsSchema }, responses: { 200: content(alertList, "A page of alerts."), ...WORKSPACE_LEVEL } });
  op({ method: "get", path: "/alerts/{id}", summary: "Get an alert", tags, request: alertRef, responses: { 200: content(alert, "The alert."), ...WORKSPACE_LEVEL } });
}
