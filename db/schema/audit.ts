import { index, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { newId } from "@/lib/platform/ids";
import { workspaces } from "./workspaces";

export const actorTypeEnum = pgEnum("audit_actor_type", ["user", "api_key", "system", "portal_session"]);

/** Append-only: a trigger in the migrations refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("aud")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    actorType: actorTypeEnum("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    requestId: text("request_id"),
    // Millisecond precision, as JavaScript dates have: keyset cursors carry the exact value, so no row is skipped.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Serves the audit page: newest first within a workspace, keyset on (created_at, id).
    index("audit_log_workspace_time").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
  ],
);
