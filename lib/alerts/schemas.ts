import { z } from "zod";
import { listResponse, nullableTimestamp, timestamp } from "@/lib/api/v1-schemas";
import { idSchema } from "@/lib/platform/id-types";

/**
 * Alert rules and alerts (incidents) as the API and the dashboard see them, and what their operations accept: the one
 * source of their shapes (zod only, so client components import the types from here). db/schema/alerts.ts holds the
 * same kinds and states as its enums; a test checks the lists agree.
 */

export const ALERT_RULE_KINDS = [
  "failure_rate",
  "consecutive_failures",
  "endpoint_disabled",
  "delivery_exhausted",
  "inbound_verification_failures",
  "api_key_expiring",
  "delivery_lag",
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

/** What each kind is called in the dashboard and the alerts it sends. */
export const ALERT_KIND_LABELS: Record<AlertRuleKind, string> = {
  failure_rate: "Failure rate",
  consecutive_failures: "Consecutive failures",
  endpoint_disabled: "Endpoint disabled",
  delivery_exhausted: "Delivery exhausted",
  inbound_verification_failures: "Inbound verification failures",
  api_key_expiring: "API key expiring",
  delivery_lag: "Delivery lag",
};

/** Which scope fields a kind takes: endpoint kinds an application or endpoint, the inbound one a source, others none. */
export const KIND_SCOPES: Record<AlertRuleKind, readonly ("applicationId" | "endpointId" | "sourceId")[]> = {
  failure_rate: ["applicationId", "endpointId"],
  consecutive_failures: ["applicationId", "endpointId"],
  endpoint_disabled: ["applicationId", "endpointId"],
  delivery_exhausted: ["applicationId", "endpointId"],
  inbound_verification_failures: ["sourceId"],
  api_key_expiring: [],
  delivery_lag: ["applicationId", "endpointId"],
};

const minutes = (fallback: number) => z.coerce.number().int("Use whole minutes").min(1, "At least 1 minute").max(7 * 24 * 60, "At most 7 days (10080 minutes)").default(fallback);

/** Each kind's thresholds, with their defaults. */
export const ALERT_PARAM_SCHEMAS = {
  failure_rate: z.object({
    thresholdPercent: z.coerce.number().gt(0, "Above 0%").lt(100, "Below 100%").default(50),
    windowMinutes: minutes(15),
    minAttempts: z.coerce.number().int().min(1, "At least 1 attempt").max(1_000_000).default(10),
  }),
  consecutive_failures: z.object({ count: z.coerce.number().int().min(1, "At least 1").max(100, "At most 100").default(5) }),
  endpoint_disabled: z.object({}),
  delivery_exhausted: z.object({ windowMinutes: minutes(24 * 60) }),
  inbound_verification_failures: z.object({
    count: z.coerce.number().int().min(1, "At least 1").max(1_000_000).default(10),
    windowMinutes: minutes(15),
  }),
  api_key_expiring: z.object({ days: z.coerce.number().int().min(1, "At least 1 day").max(365, "At most 365 days").default(7) }),
  delivery_lag: z.object({ lagSeconds: z.coerce.number().int().min(1, "At least 1 second").max(7 * 24 * 3600).default(300) }),
} satisfies Record<AlertRuleKind, z.ZodType>;

export type AlertParams = { [K in AlertRuleKind]: z.output<(typeof ALERT_PARAM_SCHEMAS)[K]> };

export const ALERT_CHANNEL_TYPES = ["email", "slack", "webhook"] as const;

export const alertChannelInput = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("email"),
    to: z.array(z.email("Enter email addresses")).min(1, "Add at least one address").max(20, "At most 20 addresses"),
  }),
  z.object({
    type: z.literal("slack"),
    /** One of the workspace's own Slack connections (an endpoint of kind slack). */
    endpointId: idSchema("ep"),
  }),
  z.object({
    type: z.literal("webhook"),
    url: z.url({ protocol: /^https?$/, error: "Enter an http(s) URL" }).max(2000),
    /** The Standard Webhooks secret (whsec_…) alerts are signed with; generated when absent, kept on edits. */
    secret: z.string().startsWith("whsec_", "A Standard Webhooks secret starts with whsec_").max(200).optional(),
  }),
]);
export type AlertChannelInput = z.input<typeof alertChannelInput>;

const scopeFields = {
  applicationId: idSchema("app").nullish(),
  endpointId: idSchema("ep").nullish(),
  sourceId: idSchema("src").nullish(),
};

const ruleFields = {
  name: z.string().trim().min(1, "Name the rule").max(100, "Keep the name under 100 characters"),
  ...scopeFields,
  channels: z.array(alertChannelInput).min(1, "Add at least one channel").max(10, "At most 10 channels"),
  cooldownSeconds: z.coerce.number().int().min(0).max(7 * 24 * 3600, "At most 7 days").default(900),
  enabled: z.boolean().default(true),
};

export const createAlertRuleSchema = z.object({
  ...ruleFields,
  kind: z.enum(ALERT_RULE_KINDS, { error: "Pick what the rule watches" }),
  /** The kind's thresholds (see ALERT_PARAM_SCHEMAS); missing ones take their defaults. */
  params: z.record(z.string(), z.unknown()).default({}),
});

/** A change to a rule: any of its fields but its kind. Channels, when given, replace the rule's. */
export const updateAlertRuleSchema = z.object({
  id: idSchema("alr"),
  name: ruleFields.name.optional(),
  ...scopeFields,
  channels: ruleFields.channels.optional(),
  cooldownSeconds: z.coerce.number().int().min(0).max(7 * 24 * 3600, "At most 7 days").optional(),
  enabled: z.boolean().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const listAlertsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50),
  cursor: z.string().max(500).optional(),
  state: z.enum(["firing", "resolved"]).optional(),
  rule: idSchema("alr").optional(),
});

const alertChannelOut = z.discriminatedUnion("type", [
  z.object({ type: z.literal("email"), to: z.array(z.string()) }),
  z.object({ type: z.literal("slack"), endpointId: idSchema("ep") }),
  z.object({
    type: z.literal("webhook"),
    url: z.string(),
    secretStart: z.string().describe("The secret's first characters, to tell secrets apart."),
    secret: z.string().optional().describe("The whole secret: only in the answer that generated it."),
  }),
]);
export type AlertChannelView = z.infer<typeof alertChannelOut>;

export const alertRule = z
  .object({
    id: idSchema("alr"),
    name: z.string(),
    kind: z.enum(ALERT_RULE_KINDS),
    applicationId: idSchema("app").nullable(),
    endpointId: idSchema("ep").nullable(),
    sourceId: idSchema("src").nullable(),
    params: z.record(z.string(), z.number()),
    channels: z.array(alertChannelOut),
    cooldownSeconds: z.number().int(),
    enabled: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("AlertRule");
export type AlertRuleView = z.infer<typeof alertRule>;
export const alertRuleList = listResponse(alertRule, "AlertRuleList");

export const EVIDENCE_REF_TYPES = ["endpoint", "application", "message", "delivery", "attempt", "source", "request", "api_key"] as const;

const evidence = z.object({
  summary: z.string(),
  figures: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  refs: z.array(
    z.object({
      type: z.enum(EVIDENCE_REF_TYPES),
      id: z.string(),
      url: z.string().nullable().describe("The dashboard page that shows it; null for records without one of their own."),
    }),
  ),
});
export type AlertEvidenceView = z.infer<typeof evidence>;

export const alertNotification = z.object({
  id: idSchema("ntf"),
  event: z.enum(["firing", "resolved"]),
  channel: z.object({ type: z.enum(ALERT_CHANNEL_TYPES), target: z.string() }),
  status: z.enum(["pending", "sent", "failed"]),
  tries: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: nullableTimestamp,
  createdAt: timestamp,
});

export const alert = z
  .object({
    id: idSchema("inc"),
    ruleId: idSchema("alr").nullable().describe("Null once the rule is deleted; ruleName and kind stay."),
    ruleName: z.string(),
    kind: z.enum(ALERT_RULE_KINDS),
    subject: z.string().describe("What the incident is about within its rule: an endpoint, source or key id, or `workspace`."),
    state: z.enum(["firing", "resolved"]),
    evidence,
    resolution: evidence.nullable(),
    openedAt: timestamp,
    resolvedAt: nullableTimestamp,
    notified: z.boolean().describe("Whether the firing alert went out (false while a cooldown holds it, or when it resolved first)."),
    notifications: z.array(alertNotification),
    createdAt: timestamp,
  })
  .openapi("Alert");
export type AlertView = z.infer<typeof alert>;
export const alertList = listResponse(alert, "AlertList");
