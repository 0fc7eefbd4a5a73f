import { relations } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/lib/platform/ids";
import { users } from "./auth";

export const roleEnum = pgEnum("workspace_role", ["owner", "admin", "developer", "viewer"]);

export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey().$defaultFn(() => newId("ws")),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  personal: integer("personal").notNull().default(0),
  // Requests per minute allowed per API key in this workspace.
  apiRateLimitPerMinute: integer("api_rate_limit_per_minute").notNull().default(600),
  // Embedded mode only: lets this workspace's endpoints reach loopback receivers (a laptop's own test server).
  localTesting: boolean("local_testing").notNull().default(false),
  // The consumer portal's branding: what the workspace's customers see instead of Switchboard's name and colours.
  portalDisplayName: text("portal_display_name"),
  portalLogoUrl: text("portal_logo_url"),
  // CSS hex colours; the dark one falls back to the light one when unset.
  portalAccentColor: text("portal_accent_color"),
  portalAccentColorDark: text("portal_accent_color_dark"),
  // Origins (scheme://host[:port]) allowed to frame the portal: its Content-Security-Policy frame-ancestors list.
  portalFrameOrigins: text("portal_frame_origins").array().notNull().default([]),
  // Retention (lib/retention): message payloads, attempt response bodies and inbound request bodies are purged after
  // payload_retention_days; the rows themselves (the metadata) are deleted after metadata_retention_days.
  payloadRetentionDays: integer("payload_retention_days").notNull().default(30),
  metadataRetentionDays: integer("metadata_retention_days").notNull().default(90),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // Metadata outlives the payloads it describes: an attempt whose message row is gone could not say it was purged.
  check("workspaces_retention_order", sql`${t.payloadRetentionDays} between 1 and 3650 and ${t.metadataRetentionDays} between ${t.payloadRetentionDays} and 3650`),
]);

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_by_user").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("inv")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: roleEnum("role").notNull(),
    // Only the SHA-256 of the link's token is stored, so a database leak does not leak working links.
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("invitations_token_hash").on(t.tokenHash), index("invitations_by_workspace").on(t.workspaceId)],
);

export const workspacesRelations = relations(workspaces, ({ many }) => ({
  memberships: many(memberships),
  invitations: many(invitations),
}));

export const membershipsRelations = relations(memberships, ({ one }) => ({
  workspace: one(workspaces, { fields: [memberships.workspaceId], references: [workspaces.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}));

export const invitationsRelations = relations(invitations, ({ one }) => ({
  workspace: one(workspaces, { fields: [invitations.workspaceId], references: [workspaces.id] }),
}));
