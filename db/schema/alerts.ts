import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { type Id, newId } from "@/lib/platform/ids";
import { workspaces } from "./workspaces";

// The alerting domain's tables (lib/alerts): rules, the incidents their evaluation opens and resolves, and the
// notifications each incident sends (one per channel for "firing", one per channel for "resolved").

const ms = { withTimezone: true, precision: 3 } as const;

/** What a rule watches; lib/alerts/evaluate.ts has one query per kind. */
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
export const alertRuleKindEnum = pgEnum("alert_rule_kind", ALERT_RULE_KINDS);

/** A rule's thresholds; which fields a kind reads is lib/alerts/schemas.ts's (each kind's own zod object). */
export interface AlertRuleParams {
  /** failure_rate: percent of attempts that failed, above which it fires. */
  thresholdPercent?: number;
  /** failure_rate, inbound_verification_failures, delivery_exhausted's look-back: the window, in minutes. */
  windowMinutes?: number;
  /** failure_rate: attempts the window must hold before a rate means anything. */
  minAttempts?: number;
  /** consecutive_failures: the last N attempts failed; inbound_verification_failures: this many in the window. */
  count?: number;
  /** api_key_expiring: the key expires within this many days. */
  days?: number;
  /** delivery_lag: the oldest due delivery has waited this long past its time. */
  lagSeconds?: number;
}

/**
 * Where a rule's alerts go. An operational webhook's secret is sealed (lib/platform/crypto) and signs each alert with
 * Standard Webhooks, as every delivery is; a Slack channel is one of the workspace's own Slack connections (an
 * endpoint of kind slack), sent through its adapter.
 */
export type StoredAlertChannel =
  | { type: "email"; to: string[] }
  | { type: "slack"; endpointId: Id<"ep"> }
  | { type: "webhook"; url: string; secretEncrypted: string };

export const alertRules = pgTable(
  "alert_rules",
  {
    id: text("id").$type<Id<"alr">>().primaryKey().$defaultFn(() => newId("alr")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: alertRuleKindEnum("kind").notNull(),
    // An optional scope. No foreign keys: a rule whose endpoint, application or source is deleted stays (and watches
    // nothing) until it is edited, and its incidents' history keeps the ids.
    applicationId: text("application_id").$type<Id<"app">>(),
    endpointId: text("endpoint_id").$type<Id<"ep">>(),
    sourceId: text("source_id").$type<Id<"src">>(),
    params: jsonb("params").$type<AlertRuleParams>().notNull().default({}),
    channels: jsonb("channels").$type<StoredAlertChannel[]>().notNull().default([]),
    // After an incident resolves, a new one on the same subject waits this long before it notifies (flapping).
    cooldownSeconds: integer("cooldown_seconds").notNull().default(900),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves the rules list (newest first, keyset on created_at, id).
    index("alert_rules_workspace_created").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    // Serves evaluateAlerts' scan of every enabled rule.
    index("alert_rules_enabled").on(t.workspaceId).where(sql`${t.enabled}`),
  ],
);

export const ALERT_INCIDENT_STATES = ["firing", "resolved"] as const;
export const alertIncidentStateEnum = pgEnum("alert_incident_state", ALERT_INCIDENT_STATES);

/** One thing an incident points at: an endpoint, message, delivery, attempt, source, inbound request or API key. */
export interface AlertEvidenceRef {
  type: "endpoint" | "application" | "message" | "delivery" | "attempt" | "source" | "request" | "api_key";
  id: string;
}

/** What the evaluation saw: a sentence, the figures behind it, and the records to look at. */
export interface AlertEvidence {
  summary: string;
  figures: Record<string, number | string | null>;
  refs: AlertEvidenceRef[];
}

/**
 * An incident: one rule true of one subject (an endpoint, a source, an API key, the workspace) from opened_at to
 * resolved_at. At most one is firing per (rule, subject) (the unique index), so a condition that stays true for an
 * hour is one incident, not sixty. The rule's name and kind are copied, so history reads the same after the rule
 * changes or is deleted.
 */
export const alertIncidents = pgTable(
  "alert_incidents",
  {
    id: text("id").$type<Id<"inc">>().primaryKey().$defaultFn(() => newId("inc")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    ruleId: text("rule_id").$type<Id<"alr">>().references(() => alertRules.id, { onDelete: "set null" }),
    ruleName: text("rule_name").notNull(),
    kind: alertRuleKindEnum("kind").notNull(),
    // The subject's key within the rule: an endpoint, source or key id, or "workspace".
    subject: text("subject").notNull(),
    state: alertIncidentStateEnum("state").notNull().default("firing"),
    evidence: jsonb("evidence").$type<AlertEvidence>().notNull(),
    // Why it resolved (the condition cleared, the rule was disabled or deleted), with the figures then.
    resolution: jsonb("resolution").$type<AlertEvidence>(),
    openedAt: timestamp("opened_at", ms).notNull(),
    resolvedAt: timestamp("resolved_at", ms),
    // The firing alert is sent once the incident is still open at this time: opened_at, or later while the rule's
    // cooldown after the subject's previous incident runs. An incident resolved before it notified nothing.
    notifyAfter: timestamp("notify_after", ms).notNull(),
    // When the firing alert's notifications were written (null: not yet, or never when suppressed).
    firingNotifiedAt: timestamp("firing_notified_at", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // De-duplication: one firing incident per rule and subject; also serves the evaluation's lookup of a rule's open ones.
    uniqueIndex("alert_incidents_open").on(t.ruleId, t.subject).where(sql`${t.state} = 'firing'`),
    // Serves the alert history (newest first, keyset on created_at, id: when the evaluation opened it).
    index("alert_incidents_workspace_created").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    // Serves the cooldown check: the subject's last resolved incident under the rule.
    index("alert_incidents_rule_subject_resolved").on(t.ruleId, t.subject, t.resolvedAt.desc()).where(sql`${t.state} = 'resolved'`),
  ],
);

export const ALERT_NOTIFICATION_EVENTS = ["firing", "resolved"] as const;
export const alertNotificationEventEnum = pgEnum("alert_notification_event", ALERT_NOTIFICATION_EVENTS);
export const ALERT_NOTIFICATION_STATUSES = ["pending", "sent", "failed"] as const;
export const alertNotificationStatusEnum = pgEnum("alert_notification_status", ALERT_NOTIFICATION_STATUSES);

/** Tries before a notification is given up as failed. */
export const ALERT_NOTIFICATION_MAX_TRIES = 5;

/**
 * One alert to one channel: written pending in the evaluation's transaction, sent after it, retried by later runs
 * until sent or failed. Unique per (incident, event, channel), so an incident sends each channel one "firing" and
 * one "resolved", whatever the runs.
 */
export const alertNotifications = pgTable(
  "alert_notifications",
  {
    id: text("id").$type<Id<"ntf">>().primaryKey().$defaultFn(() => newId("ntf")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    incidentId: text("incident_id").$type<Id<"inc">>().notNull().references(() => alertIncidents.id, { onDelete: "cascade" }),
    event: alertNotificationEventEnum("event").notNull(),
    // The channel as it was when the alert was written (a later edit of the rule does not redirect it), secret sealed.
    channel: jsonb("channel").$type<StoredAlertChannel>().notNull(),
    // The channel's position in the rule, part of the de-duplication key.
    channelIndex: integer("channel_index").notNull(),
    status: alertNotificationStatusEnum("status").notNull().default("pending"),
    tries: integer("tries").notNull().default(0),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // De-duplication (one per incident, event and channel); also serves an incident's notifications in order.
    uniqueIndex("alert_notifications_once").on(t.incidentId, t.event, t.channelIndex),
    // Serves the sender's pick of notifications still to send.
    index("alert_notifications_pending").on(t.createdAt).where(sql`${t.status} = 'pending'`),
  ],
);
