import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { newId } from "@/lib/platform/ids";
import { workspaces } from "./workspaces";
import { endpoints } from "./outbound";

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

/**
 * Delivery attempts per minute, per endpoint and source (lib/monitoring/rollups.ts keeps it; the dashboards read only
 * this). A row counts the attempts whose created_at falls in its minute. The arrays are fixed-length histograms whose
 * positions are the constants in lib/monitoring/rollup-shape.ts (status classes 1xx..5xx, error classes, latency
 * bucket bounds): summing rows position by position sums their histograms, so p50/p95 over any range come from one
 * aggregate. Positions are only ever appended, so old rows stay readable.
 */
export const attemptRollups = pgTable(
  "attempt_rollups",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    // The endpoint's application (so a workspace-wide message counts for each application it reached).
    applicationId: text("application_id").notNull(),
    endpointId: text("endpoint_id").notNull().references(() => endpoints.id, { onDelete: "cascade" }),
    // The source whose request made the message; null for messages sent through the API.
    sourceId: text("source_id"),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    total: integer("total").notNull(),
    succeeded: integer("succeeded").notNull(),
    failed: integer("failed").notNull(),
    statusCounts: integer("status_counts").array().notNull(),
    errorCounts: integer("error_counts").array().notNull(),
    latencyCounts: integer("latency_counts").array().notNull(),
    durationSumMs: bigint("duration_sum_ms", { mode: "number" }).notNull(),
    // Delivery lag: from a message's creation to its first scheduled attempt, for the first attempts in the minute.
    lagCount: integer("lag_count").notNull(),
    lagSumMs: bigint("lag_sum_ms", { mode: "number" }).notNull(),
    lagMaxMs: integer("lag_max_ms").notNull(),
  },
  (t) => [
    // The row's identity (the rollup's upsert target), and serves an endpoint's charts: workspace, endpoint, minute range.
    unique("attempt_rollups_key").on(t.workspaceId, t.endpointId, t.sourceId, t.minute).nullsNotDistinct(),
    // Serves the workspace's charts and the endpoint health list: a workspace's minutes in a range.
    index("attempt_rollups_workspace_minute").on(t.workspaceId, t.minute),
    // Serves an application's charts (its own page and the consumer portal).
    index("attempt_rollups_application_minute").on(t.applicationId, t.minute),
    // Serves a source's charts.
    index("attempt_rollups_source_minute").on(t.sourceId, t.minute).where(sql`${t.sourceId} is not null`),
  ],
);

/**
 * How far each rollup has counted: every minute before `rolled_until` is final in its table, except the few the
 * next run re-counts (late attempts, see lib/monitoring/rollups.ts). Moved in the transaction that writes the rows.
 */
export const rollupWatermarks = pgTable("rollup_watermarks", {
  name: text("name").primaryKey(),
  rolledUntil: timestamp("rolled_until", { withTimezone: true }).notNull(),
});
