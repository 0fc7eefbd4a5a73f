import { relations, sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { type Id, newId } from "@/lib/platform/ids";
import { workspaces } from "./workspaces";

// Millisecond precision, so created_at read into a JS Date round-trips exactly for keyset cursors on (created_at, id).
const ms = { withTimezone: true, precision: 3 } as const;

/**
 * One of the workspace's own customers (Svix's "application"): every endpoint belongs to one, and a message sent to
 * it fans out to its endpoints only. `uid` is the customer's id in the workspace's own system, accepted wherever an
 * application id is.
 */
export const applications = pgTable(
  "applications",
  {
    id: text("id").$type<Id<"app">>().primaryKey().$defaultFn(() => newId("app")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // Optional, as in Svix; unique within the workspace when present.
    uid: text("uid"),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    // Messages per second across the application's endpoints; null means unlimited.
    rateLimitPerSecond: integer("rate_limit_per_second"),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves the applications list (newest first, keyset on created_at, id).
    index("applications_workspace_created").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    // Serves a broadcast's walk through the workspace's applications in id order.
    index("applications_workspace_id").on(t.workspaceId, t.id),
    // Serves resolving an application by uid (sends, endpoint creation, every /applications/{uid} path) and the list's
    // exact uid search; keeps a uid unique per workspace (nulls are distinct, so many applications may have none).
    uniqueIndex("applications_workspace_uid").on(t.workspaceId, t.uid),
    // Serves the list's search by name: a case-insensitive prefix (lower(name) like 'acme%').
    index("applications_workspace_name").on(t.workspaceId, sql`lower(${t.name}) text_pattern_ops`),
    check("applications_rate_limit_positive", sql`${t.rateLimitPerSecond} is null or ${t.rateLimitPerSecond} > 0`),
  ],
);

export const applicationsRelations = relations(applications, ({ one }) => ({
  workspace: one(workspaces, { fields: [applications.workspaceId], references: [workspaces.id] }),
}));

/**
 * A consumer portal session: one application's customer, without a Switchboard account. The workspace's backend asks
 * for a link (`link_token_hash`), which works once: opening it consumes it and sets the session cookie
 * (`session_token_hash`). Only SHA-256 hashes of either token are stored, so a database leak opens no portal.
 */
export const portalSessions = pgTable(
  "portal_sessions",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("ps")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    applicationId: text("application_id").$type<Id<"app">>().notNull().references(() => applications.id, { onDelete: "cascade" }),
    linkTokenHash: text("link_token_hash").notNull(),
    // Set when the link is opened; null until then.
    sessionTokenHash: text("session_token_hash"),
    readOnly: boolean("read_only").notNull().default(false),
    expiresAt: timestamp("expires_at", ms).notNull(),
    consumedAt: timestamp("consumed_at", ms),
    revokedAt: timestamp("revoked_at", ms),
    // Who asked for the link (an API key, usually), as the audit trail names actors.
    createdByType: text("created_by_type").notNull(),
    createdById: text("created_by_id"),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves opening a link and reading a session from its cookie (each a lookup by hash).
    uniqueIndex("portal_sessions_link_token").on(t.linkTokenHash),
    uniqueIndex("portal_sessions_session_token").on(t.sessionTokenHash),
    // Serves expire-all: every live session of one application.
    index("portal_sessions_application").on(t.applicationId),
  ],
);

export const portalSessionsRelations = relations(portalSessions, ({ one }) => ({
  workspace: one(workspaces, { fields: [portalSessions.workspaceId], references: [workspaces.id] }),
  application: one(applications, { fields: [portalSessions.applicationId], references: [applications.id] }),
}));
