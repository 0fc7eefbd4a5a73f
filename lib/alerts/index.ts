/**
 * Alerting: rules over the delivery and inbound data (failure rate, consecutive failures, disabled endpoints,
 * exhausted deliveries, inbound verification failures, expiring API keys, delivery lag), the incidents their scheduled
 * evaluation opens and resolves, and the alerts sent by email, Slack and a signed operational webhook. This index is
 * the domain's public face: other lib/ domains import only from here. Modules that import fewer other domains come
 * first.
 */

export * as alertSchemas from "./schemas";
export { ALERT_KIND_LABELS, ALERT_PARAM_SCHEMAS, ALERT_RULE_KINDS, type AlertChannelInput, type AlertRuleKind, type AlertRuleView, type AlertView, createAlertRuleSchema, KIND_SCOPES, updateAlertRuleSchema } from "./schemas";
export { evidenceView } from "./links";
export { type AlertMessage, emailAlert, sendAlert, slackAlert, webhookBody } from "./notify";
export { createAlertRule, deleteAlertRule, getAlertRule, listAlertRules, listAlertRulesSchema, updateAlertRule } from "./rules";
export { type AlertRun, evaluateAlerts } from "./evaluate";
export { getAlert, listAlerts } from "./history";
export { type AlertFormOptions, alertFormOptions } from "./options";
export { registerAlertOperations } from "./openapi";
