import { index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { Id } from "@/lib/platform/ids";
import { workspaces } from "./workspaces";
import { messages } from "./outbound";

// The retention purge's own bookkeeping (lib/retention). Its settings are columns on workspaces.

const ms = { withTimezone: true, precision: 3 } as const;

/**
 * How far each of a workspace's body purges has gone: the keyset position (`{createdAt, id}` or, per source,
 * `{seq}`) of the last row cleared. A purged row stays until the metadata window ends, so without this each run would
 * walk again through every row it had already cleared (60 days of them at the defaults) to reach the new ones.
 * `kind` is `payloads`, `attempt_bodies`, or `inbound_bodies:<source id>`.
 */
export const retentionCursors = pgTable(
  "retention_cursors",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    position: jsonb("position").$type<{ createdAt?: string; id?: string; seq?: number }>().notNull(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind] })],
);

/**
 * Messages past the payload window that still had an open delivery (pending, sending, or failed with a retry due, a
 * paused endpoint's held ones included) when the purge reached them: their payload is what that delivery will send.
 * The payloads cursor moves past them; each run retries these few instead.
 */
export const retentionHeldPayloads = pgTable(
  "retention_held_payloads",
  {
    messageId: text("message_id").$type<Id<"msg">>().primaryKey().references(() => messages.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull(),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // Serves each run's retry of a workspace's held payloads.
    index("retention_held_payloads_workspace").on(t.workspaceId, t.messageId),
  ],
);
