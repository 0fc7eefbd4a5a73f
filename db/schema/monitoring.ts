import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { newId } from "@/lib/platform/ids";
import { workspaces } from "./workspaces";

// Millisecond precision, like the delivery tables whose happenings these record.
const ms = { withTimezone: true, precision: 3 } as const;

/**
 * Things that happened in delivery that people may need to hear about (`message.attempt.exhausted`,
 * `endpoint.disabled`). Alert rules read this table.
 */
export const operationalEvents = pgTable(
  "operational_events",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("oev")),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves alert evaluation: a workspace's events of one type since the last evaluation.
    index("operational_events_workspace_type_created").on(t.workspaceId, t.type, t.createdAt),
    // Serves the workspace's event feed, newest first.
    index("operational_events_workspace_created").on(t.workspaceId, t.createdAt.desc()),
  ],
);
