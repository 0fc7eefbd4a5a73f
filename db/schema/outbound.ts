import { relations, sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { type Id, newId } from "@/lib/platform/ids";
import { workspaces } from "./workspaces";
import { applications } from "./applications";
import { templates, templateVersions } from "./payloads";

// The outbound domain's tables (lib/outbound): the event-type catalog, endpoints, and messages with their deliveries,
// attempts and the tables that throttle and de-duplicate them.

/** The catalog of events a workspace sends. Names are dotted (`invoice.paid`) and unique per workspace. */
export const eventTypes = pgTable(
  "event_types",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("evt")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    // Groups types in the catalog and the endpoint subscription picker ("Billing", "Users").
    featureGroup: text("feature_group"),
    // Deprecated types still send; the flag warns consumers. Archived types refuse new messages.
    deprecated: boolean("deprecated").notNull().default(false),
    archived: boolean("archived").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Serves sendMessage's lookup by name, and enforces one type per name per workspace.
    uniqueIndex("event_types_workspace_name").on(t.workspaceId, t.name),
  ],
);

/** Immutable versions of an event type: changing a schema means adding a version, so cached validators never go stale. */
export const eventTypeVersions = pgTable(
  "event_type_versions",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("evtv")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    eventTypeId: text("event_type_id").notNull().references(() => eventTypes.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    // A JSON Schema (2020-12 unless its $schema names draft-07); null accepts any payload.
    schema: jsonb("schema"),
    samplePayload: jsonb("sample_payload"),
    // A transformation (lib/payloads/sandbox.ts) turning this version's payload into the previous version's, so an
    // endpoint pinned to an older version gets it converted down the chain; null on version 1 and when none exists.
    converter: text("converter"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Serves version lookups (latest = highest number) and keeps numbers unique per type.
    uniqueIndex("event_type_versions_type_version").on(t.eventTypeId, t.version),
  ],
);

export const eventTypesRelations = relations(eventTypes, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [eventTypes.workspaceId], references: [workspaces.id] }),
  versions: many(eventTypeVersions),
}));

export const eventTypeVersionsRelations = relations(eventTypeVersions, ({ one }) => ({
  eventType: one(eventTypes, { fields: [eventTypeVersions.eventTypeId], references: [eventTypes.id] }),
}));

export const endpointStatusEnum = pgEnum("endpoint_status", ["enabled", "disabled", "paused"]);
// lib/payloads/formats.ts's PAYLOAD_FORMATS.
export const payloadFormatEnum = pgEnum("payload_format", ["envelope", "raw", "form", "xml", "template"]);
export const payloadCompressionEnum = pgEnum("payload_compression", ["none", "gzip"]);

/** How an endpoint is delivered to: a signed webhook, or through an integration's adapter (lib/integrations). */
export const ENDPOINT_KINDS = ["webhook", "slack", "zapier", "ifttt"] as const;
export const endpointKindEnum = pgEnum("endpoint_kind", ENDPOINT_KINDS);
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/**
 * An integration endpoint's connection (lib/integrations): `config` is what may be shown (team, channel, who
 * connected it), `secrets` the credentials (a bot token, a webhook URL), each sealed with lib/platform/crypto and
 * decrypted only to deliver.
 */
export interface StoredIntegration {
  config: Record<string, string | null>;
  secrets: Record<string, string>;
}

/**
 * Outbound authentication sent with every delivery, in addition to the signature. The secret part of each kind is
 * sealed with lib/platform/crypto (`...Encrypted` fields); it is decrypted only to build a request.
 */
export type StoredOutboundAuth =
  | { type: "none" }
  | { type: "basic"; username: string; passwordEncrypted: string }
  | { type: "bearer"; tokenEncrypted: string }
  | { type: "header"; name: string; valueEncrypted: string };

/** Five days of nothing but failures disables an endpoint (DESIGN §8). */
export const DEFAULT_AUTO_DISABLE_SECONDS = 5 * 24 * 3600;

export const endpoints = pgTable(
  "endpoints",
  {
    id: text("id").$type<Id<"ep">>().primaryKey().$defaultFn(() => newId("ep")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    // The customer this endpoint belongs to. Deleting an application deletes its endpoints (lib/applications).
    applicationId: text("application_id").$type<Id<"app">>().notNull().references(() => applications.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    status: endpointStatusEnum("status").notNull().default("enabled"),
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at", { withTimezone: true, precision: 3 }),
    // Event type names this endpoint receives; null means every type.
    eventTypes: text("event_types").array(),
    // A content filter (lib/outbound/filters.ts) over the payload; null matches everything.
    contentFilter: jsonb("content_filter"),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    auth: jsonb("auth").$type<StoredOutboundAuth>().notNull().default({ type: "none" }),
    // Messages per second; null means unlimited.
    rateLimitPerSecond: integer("rate_limit_per_second"),
    timeoutMs: integer("timeout_ms").notNull().default(15_000),
    // The event-type version the receiver speaks: newer messages are converted down to it (each version's converter),
    // older ones are not sent; a type whose latest version is lower is sent at its latest (lib/payloads/versions.ts).
    versionPin: integer("version_pin"),
    // Seconds before each attempt; null uses DEFAULT_RETRY_SCHEDULE.
    retrySchedule: integer("retry_schedule").array(),
    // Start of the current run of failures; any success clears it. Drives auto-disable.
    firstFailureAt: timestamp("first_failure_at", { withTimezone: true, precision: 3 }),
    autoDisableAfterSeconds: integer("auto_disable_after_seconds").notNull().default(DEFAULT_AUTO_DISABLE_SECONDS),
    kind: endpointKindEnum("kind").notNull().default("webhook"),
    // Set exactly for the integration kinds: their connection, with sealed secrets.
    integration: jsonb("integration").$type<StoredIntegration>(),
    // The Liquid template (lib/payloads) the endpoint's body is rendered with when its payload format is a template.
    // Deleting a template an endpoint uses is refused (no action, checked at the end of the statement, so deleting
    // the workspace still cascades through both); set null would silently send such a receiver the JSON envelope.
    templateId: text("template_id").references(() => templates.id, { onDelete: "no action" }),
    // The pinned published version; null follows the latest. A pinned version must exist (the foreign key below).
    templateVersion: integer("template_version"),
    // The template's `vars`: per-endpoint values such as a title or a link.
    templateVars: jsonb("template_vars").$type<Record<string, string>>().notNull().default({}),
    // The body's shape (lib/payloads/formats.ts); the envelope is what endpoints always got.
    payloadFormat: payloadFormatEnum("payload_format").notNull().default("envelope"),
    // A transformation (lib/payloads/sandbox.ts) run on every delivery while enabled; kept when disabled.
    transformation: text("transformation"),
    transformationEnabled: boolean("transformation_enabled").notNull().default(false),
    // gzip bodies of at least compression_threshold_bytes; the signature covers the uncompressed body.
    compression: payloadCompressionEnum("compression").notNull().default("none"),
    compressionThresholdBytes: integer("compression_threshold_bytes").notNull().default(1024),
    // "Migrated from Svix": deliveries also carry svix-id, svix-timestamp and svix-signature with the webhook-* values,
    // so a receiver written for Svix verifies unchanged (docs/svix-migration.md).
    migratedFromSvix: boolean("migrated_from_svix").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Serves the endpoints list (newest first, keyset on created_at, id) and fan-out's scan of a workspace's endpoints.
    index("endpoints_workspace_created").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    // Serves the endpoints list filtered by application, and finding an application's endpoints when it is deleted.
    index("endpoints_application_created").on(t.applicationId, t.createdAt.desc(), t.id.desc()),
    check("endpoints_timeout_range", sql`${t.timeoutMs} between 1000 and 15000`),
    check("endpoints_compression_threshold_range", sql`${t.compressionThresholdBytes} >= 0`),
    check("endpoints_rate_limit_positive", sql`${t.rateLimitPerSecond} is null or ${t.rateLimitPerSecond} > 0`),
    // A webhook has a URL and no connection; every integration endpoint has its connection.
    check("endpoints_integration_kind", sql`(${t.kind} = 'webhook') = (${t.integration} is null)`),
    // Serves the check that a template is unused before it is deleted.
    index("endpoints_template").on(t.templateId),
    check("endpoints_template_version_needs_template", sql`${t.templateVersion} is null or ${t.templateId} is not null`),
    foreignKey({ name: "endpoints_template_version_fk", columns: [t.templateId, t.templateVersion], foreignColumns: [templateVersions.templateId, templateVersions.number] }),
  ],
);

/**
 * Signing secrets, sealed at rest. A secret signs while `expires_at` is null or in the future, so during a rotation
 * overlap the old and the new secret both sign every delivery.
 */
export const endpointSecrets = pgTable(
  "endpoint_secrets",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("sec")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id").$type<Id<"ep">>().notNull().references(() => endpoints.id, { onDelete: "cascade" }),
    secretEncrypted: text("secret_encrypted").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Serves loading an endpoint's signing secrets for every attempt.
    index("endpoint_secrets_endpoint").on(t.endpointId, t.createdAt),
  ],
);

/**
 * The delivery throttle of each rate-limited endpoint (lib/outbound/throttle.ts): `next_at` is when its next request
 * may leave (GCRA's theoretical arrival time). One row per endpoint, shared by every worker.
 */
export const endpointThrottles = pgTable("endpoint_throttles", {
  endpointId: text("endpoint_id").$type<Id<"ep">>().primaryKey().references(() => endpoints.id, { onDelete: "cascade" }),
  nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
});

export const endpointsRelations = relations(endpoints, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [endpoints.workspaceId], references: [workspaces.id] }),
  application: one(applications, { fields: [endpoints.applicationId], references: [applications.id] }),
  secrets: many(endpointSecrets),
}));

export const endpointSecretsRelations = relations(endpointSecrets, ({ one }) => ({
  endpoint: one(endpoints, { fields: [endpointSecrets.endpointId], references: [endpoints.id] }),
}));

// Timestamps here have millisecond precision so that values read into a JS Date round-trip exactly, which keyset
// cursors on (created_at, id) rely on.
const ms = { withTimezone: true, precision: 3 } as const;

export const BROADCAST_STATUSES = ["pending", "running", "completed", "failed"] as const;
export const broadcastStatusEnum = pgEnum("broadcast_status", BROADCAST_STATUSES);

/**
 * One event sent to every application of a workspace (POST /api/v1/messages/broadcast): one message per application,
 * written in batches by lib/outbound/broadcast.ts. Applications are taken in id order; `cursor` is the last one done,
 * advanced in the same transaction as its batch's messages, so a runner that dies loses at most that batch, which the
 * next runner redoes. Only applications that existed when the broadcast was accepted are part of it.
 */
export const broadcasts = pgTable(
  "broadcasts",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("bcast")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    eventTypeId: text("event_type_id").references(() => eventTypes.id, { onDelete: "set null" }),
    version: integer("version").notNull(),
    payload: jsonb("payload").notNull(),
    // The sender's idempotency key: unique per workspace for 24 hours (older ones are released on reuse).
    eventId: text("event_id"),
    status: broadcastStatusEnum("status").notNull().default("pending"),
    // The id of the last application done; null before the first batch.
    cursor: text("cursor"),
    // Applications in the workspace when the broadcast was accepted (some may be deleted before their turn).
    applicationsTotal: integer("applications_total").notNull(),
    applicationsDone: integer("applications_done").notNull().default(0),
    messagesCreated: integer("messages_created").notNull().default(0),
    deliveriesCreated: integer("deliveries_created").notNull().default(0),
    // The runner holding the broadcast until lease_until; a lapsed lease lets another runner take it over.
    leaseToken: text("lease_token"),
    leaseUntil: timestamp("lease_until", ms),
    // Batches failed in a row; the broadcast is failed (with the last error) after a few.
    failures: integer("failures").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", ms),
  },
  (t) => [
    // Serves the runners' claim: broadcasts still to run, oldest first.
    index("broadcasts_runnable").on(t.createdAt).where(sql`${t.status} in ('pending', 'running')`),
    // Serves a workspace's broadcasts, newest first.
    index("broadcasts_workspace_created").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    uniqueIndex("broadcasts_workspace_event_id").on(t.workspaceId, t.eventId).where(sql`${t.eventId} is not null`),
  ],
);

/** One event sent by a workspace. The payload is stored once and fanned out through deliveries. */
export const messages = pgTable(
  "messages",
  {
    id: text("id").$type<Id<"msg">>().primaryKey().$defaultFn(() => newId("msg")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    // The application the message was addressed to; null for a workspace-wide send (no `application` given), which
    // reaches every application's matching endpoints. Deleting the application deletes its messages.
    applicationId: text("application_id").$type<Id<"app">>().references(() => applications.id, { onDelete: "cascade" }),
    // The broadcast that wrote it, if any.
    broadcastId: text("broadcast_id").references(() => broadcasts.id, { onDelete: "set null" }),
    // The name is kept even if the type is later deleted, so logs stay readable.
    eventType: text("event_type").notNull(),
    eventTypeId: text("event_type_id").references(() => eventTypes.id, { onDelete: "set null" }),
    version: integer("version").notNull(),
    // Null once the retention purge (lib/retention) has cleared it; payload_purged_at says when.
    payload: jsonb("payload"),
    payloadPurgedAt: timestamp("payload_purged_at", ms),
    // The sender's idempotency key, for display; uniqueness lives in message_event_ids.
    eventId: text("event_id"),
    // The inbound source whose request made it (lib/inbound/connection-routing.ts); null when sent through the API.
    // No foreign key: db/schema/inbound.ts builds on this file, and a deleted source leaves its messages' history.
    sourceId: text("source_id").$type<Id<"src">>(),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves the messages log: a workspace's messages, newest first, keyset on (created_at, id).
    index("messages_workspace_created").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    // Serves the messages log filtered by application.
    index("messages_application_created").on(t.applicationId, t.createdAt.desc(), t.id.desc()).where(sql`${t.applicationId} is not null`),
    // Serves the messages log filtered by event type.
    index("messages_workspace_type_created").on(t.workspaceId, t.eventType, t.createdAt.desc(), t.id.desc()),
    // Serves the messages log filtered by source.
    index("messages_source_created").on(t.sourceId, t.createdAt.desc(), t.id.desc()).where(sql`${t.sourceId} is not null`),
    // Serves the messages log's payload search (`data.customer.id = "x"` is payload @> '{"customer":{"id":"x"}}').
    // jsonb_path_ops: smaller and faster for @> than the default operator class, which containment is all we ask.
    index("messages_payload").using("gin", t.payload.op("jsonb_path_ops")),
    // Serves the messages log's search by the sender's event id (kept after message_event_ids forgets it).
    index("messages_workspace_event_id").on(t.workspaceId, t.eventId).where(sql`${t.eventId} is not null`),
    // One message per application and broadcast: a batch redone after a crash cannot write a second one.
    uniqueIndex("messages_broadcast_application").on(t.broadcastId, t.applicationId).where(sql`${t.broadcastId} is not null`),
  ],
);

/**
 * Event ids seen in the last 24 hours. A separate table rather than a unique index on messages, so the purge can
 * forget old ids without touching the messages themselves.
 */
export const messageEventIds = pgTable(
  "message_event_ids",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    messageId: text("message_id").$type<Id<"msg">>().notNull().references(() => messages.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.eventId] }),
    // Serves the purge of ids older than 24 hours.
    index("message_event_ids_created").on(t.createdAt),
    // Serves the cascade when messages are deleted (retention, an application's deletion): without it each deleted
    // message's foreign-key check reads the whole day of ids.
    index("message_event_ids_message").on(t.messageId),
  ],
);

/**
 * deliveries_due's predicate over a deliveries row named `alias` (a delivery waiting for an attempt, due at its
 * next_attempt_at): the dispatcher's claim, the queue gauges and the delivery-lag alert all say it, so the planner
 * can read that partial index for each of them.
 */
export const inDueIndex = (alias: string) => sql.raw(`${alias}.status in ('pending', 'failed', 'sending') and ${alias}.next_attempt_at is not null and not ${alias}.held`);

export const DELIVERY_STATUSES = ["pending", "sending", "succeeded", "failed", "exhausted", "cancelled"] as const;
export const deliveryStatusEnum = pgEnum("delivery_status", DELIVERY_STATUSES);
export const attemptTriggerEnum = pgEnum("attempt_trigger", ["scheduled", "manual"]);

/**
 * One message to one endpoint: the outbox row and the single source of truth for delivery state (DESIGN §3).
 *   pending    waiting for its first attempt (or a replay), due at next_attempt_at
 *   sending    claimed by a dispatcher until lease_until; a lapsed lease makes it due again
 *   failed     the last attempt failed; due again at next_attempt_at, or never when that is null (abort-message)
 *   succeeded, exhausted, cancelled   final until a replay
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: text("id").$type<Id<"dlv">>().primaryKey().$defaultFn(() => newId("dlv")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    messageId: text("message_id").$type<Id<"msg">>().notNull().references(() => messages.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id").$type<Id<"ep">>().notNull().references(() => endpoints.id, { onDelete: "cascade" }),
    status: deliveryStatusEnum("status").notNull().default("pending"),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", ms),
    // What started the next attempt: a replay makes it "manual".
    nextTrigger: attemptTriggerEnum("next_trigger").notNull().default("scheduled"),
    leaseUntil: timestamp("lease_until", ms),
    // Identifies the claim holding the lease, so a dispatcher whose lease lapsed and was re-claimed cannot
    // overwrite the newer claim's outcome.
    leaseToken: text("lease_token"),
    // The endpoint is paused or disabled, so the delivery waits outside the due index and no claim steps over it.
    // Kept by database triggers (on insert, and when an endpoint's status changes); the claim still checks the
    // endpoint's status itself, so a stale value can only cost a little scanning, never a wrong send.
    held: boolean("held").notNull().default(false),
    lastAttemptAt: timestamp("last_attempt_at", ms),
    lastResponseStatus: integer("last_response_status"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves the dispatcher's claim and the sweeper: deliveries that are due (a lapsed lease included).
    index("deliveries_due")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'failed', 'sending') and ${t.nextAttemptAt} is not null and not ${t.held}`),
    // Serves a message's deliveries (message page, replay to all) and keeps one delivery per message and endpoint.
    uniqueIndex("deliveries_message_endpoint").on(t.messageId, t.endpointId),
    // Serves releasing an endpoint's held deliveries when it is enabled again.
    index("deliveries_held").on(t.endpointId).where(sql`${t.held}`),
    // Serves recovery (an endpoint's failed deliveries since a time) and endpoint health by status.
    index("deliveries_endpoint_status_created").on(t.endpointId, t.status, t.createdAt),
  ],
);

/** Every request made for a delivery, as sent and as answered. */
export const attempts = pgTable(
  "attempts",
  {
    id: text("id").$type<Id<"att">>().primaryKey().$defaultFn(() => newId("att")),
    deliveryId: text("delivery_id").$type<Id<"dlv">>().notNull().references(() => deliveries.id, { onDelete: "cascade" }),
    // Copies of the delivery's, for the attempts logs' indexes. Integrity comes through the delivery (whose own keys
    // cascade), so each attempt insert checks one foreign key instead of four.
    workspaceId: text("workspace_id").notNull(),
    messageId: text("message_id").$type<Id<"msg">>().notNull(),
    endpointId: text("endpoint_id").$type<Id<"ep">>().notNull(),
    number: integer("number").notNull(),
    trigger: attemptTriggerEnum("trigger").notNull(),
    url: text("url").notNull(),
    // Outbound credentials are replaced by "[redacted]" before storing.
    requestHeaders: jsonb("request_headers").$type<Record<string, string>>().notNull(),
    // Hex SHA-256 of the exact body sent (before gzip, as signed), so a receiver's copy can be matched without storing
    // the body twice.
    requestBodySha256: text("request_body_sha256").notNull(),
    succeeded: boolean("succeeded").notNull(),
    responseStatus: integer("response_status"),
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    // At most 20 KB, as read by the HTTP client.
    responseBody: text("response_body"),
    responseBodyTruncated: boolean("response_body_truncated").notNull().default(false),
    durationMs: integer("duration_ms").notNull(),
    errorClass: text("error_class"),
    errorMessage: text("error_message"),
    // Set when the retention purge (lib/retention) cleared the response body (the request body, rebuilt from the
    // message, goes with the message's payload).
    bodiesPurgedAt: timestamp("bodies_purged_at", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves the endpoint page's attempts log: newest first, keyset on (created_at, id), optionally by time range.
    index("attempts_endpoint_created").on(t.endpointId, t.createdAt.desc(), t.id.desc()),
    // Serves a message's attempts on the message page.
    index("attempts_message_created").on(t.messageId, t.createdAt.desc(), t.id.desc()),
    // Serves the workspace-wide attempts log.
    index("attempts_workspace_created").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    // Serves a delivery's attempts in order.
    index("attempts_delivery_number").on(t.deliveryId, t.number),
  ],
);

export const messagesRelations = relations(messages, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [messages.workspaceId], references: [workspaces.id] }),
  deliveries: many(deliveries),
}));

export const deliveriesRelations = relations(deliveries, ({ one, many }) => ({
  message: one(messages, { fields: [deliveries.messageId], references: [messages.id] }),
  endpoint: one(endpoints, { fields: [deliveries.endpointId], references: [endpoints.id] }),
  attempts: many(attempts),
}));

export const attemptsRelations = relations(attempts, ({ one }) => ({
  delivery: one(deliveries, { fields: [attempts.deliveryId], references: [deliveries.id] }),
}));
