import { relations, sql } from "drizzle-orm";
import { date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { type Id, newId } from "@/lib/platform/ids";
import { applications } from "./applications";
import { users } from "./auth";
import { workspaces } from "./workspaces";

export const keyEnvironmentEnum = pgEnum("api_key_environment", ["live", "test"]);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("key")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // The first characters of the key, shown in lists so users can tell keys apart.
    start: text("start").notNull(),
    // Hex SHA-256 of the whole key. The key itself is never stored.
    hash: text("hash").notNull(),
    scopes: text("scopes").array().notNull(),
    environment: keyEnvironmentEnum("environment").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    rotatedFrom: text("rotated_from"),
    rotationPolicyDays: integer("rotation_policy_days"),
    rotationOverlapHours: integer("rotation_overlap_hours").notNull().default(24),
    nextRotationAt: timestamp("next_rotation_at", { withTimezone: true }),
    ipAllowlist: text("ip_allowlist").array().notNull().default([]),
    // A key made by scheduled rotation has no one to show it to at creation. It waits here, encrypted, until an
    // admin reveals it once in the dashboard; then this is cleared.
    pendingReveal: text("pending_reveal"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    // The one application the key is limited to (null: the whole workspace). Deleting the application deletes its
    // keys: a limited key must never outlive its application, and setting this null would widen it to the workspace.
    applicationId: text("application_id").$type<Id<"app">>().references(() => applications.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Serves verification: every API request looks its key up by hash.
    uniqueIndex("api_keys_hash").on(t.hash),
    // Serves the keys page: a workspace's keys, newest first.
    index("api_keys_workspace_created").on(t.workspaceId, t.createdAt.desc()),
    // Serves the rotation job: keys whose scheduled rotation is due.
    index("api_keys_next_rotation").on(t.nextRotationAt),
    // Serves deleting an application: the cascade, and forgetting its keys in every instance's cache.
    index("api_keys_application").on(t.applicationId).where(sql`${t.applicationId} is not null`),
  ],
);

export const apiKeyUsageDaily = pgTable(
  "api_key_usage_daily",
  {
    keyId: text("key_id").notNull().references(() => apiKeys.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.day] })],
);

export const rotationReasonEnum = pgEnum("api_key_rotation_reason", ["manual", "scheduled"]);

export const apiKeyRotations = pgTable(
  "api_key_rotations",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("rot")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    oldKeyId: text("old_key_id").notNull().references(() => apiKeys.id, { onDelete: "cascade" }),
    newKeyId: text("new_key_id").notNull().references(() => apiKeys.id, { onDelete: "cascade" }),
    reason: rotationReasonEnum("reason").notNull(),
    // Who rolled it (the member's email, or "scheduled rotation"), as the audit log names them.
    actorLabel: text("actor_label"),
    oldKeyExpiresAt: timestamp("old_key_expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("api_key_rotations_old").on(t.oldKeyId), index("api_key_rotations_new").on(t.newKeyId)],
);

export const apiKeysRelations = relations(apiKeys, ({ one }) => ({
  workspace: one(workspaces, { fields: [apiKeys.workspaceId], references: [workspaces.id] }),
}));
