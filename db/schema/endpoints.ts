import { relations, sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { newId } from "@/lib/platform/ids";
import { applications } from "./applications";
import { workspaces } from "./workspaces";

export const endpointStatusEnum = pgEnum("endpoint_status", ["enabled", "disabled", "paused"]);

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
    id: text("id").primaryKey().$defaultFn(() => newId("ep")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    // The customer this endpoint belongs to. Deleting an application deletes its endpoints (lib/applications).
    applicationId: text("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
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
    // When set, the endpoint receives only messages of this event-type version.
    versionPin: integer("version_pin"),
    // Seconds before each attempt; null uses DEFAULT_RETRY_SCHEDULE.
    retrySchedule: integer("retry_schedule").array(),
    // Start of the current run of failures; any success clears it. Drives auto-disable.
    firstFailureAt: timestamp("first_failure_at", { withTimezone: true, precision: 3 }),
    autoDisableAfterSeconds: integer("auto_disable_after_seconds").notNull().default(DEFAULT_AUTO_DISABLE_SECONDS),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Serves the endpoints list (newest first, keyset on created_at, id) and fan-out's scan of a workspace's endpoints.
    index("endpoints_workspace_created").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    // Serves the endpoints list filtered by application, and finding an application's endpoints when it is deleted.
    index("endpoints_application_created").on(t.applicationId, t.createdAt.desc(), t.id.desc()),
    check("endpoints_timeout_range", sql`${t.timeoutMs} between 1000 and 15000`),
    check("endpoints_rate_limit_positive", sql`${t.rateLimitPerSecond} is null or ${t.rateLimitPerSecond} > 0`),
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
    endpointId: text("endpoint_id").notNull().references(() => endpoints.id, { onDelete: "cascade" }),
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
  endpointId: text("endpoint_id").primaryKey().references(() => endpoints.id, { onDelete: "cascade" }),
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
