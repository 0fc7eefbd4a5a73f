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

/** The counts one rollup row holds, whatever its period (the same columns at every level). */
const rollupCounts = () => ({
  total: integer("total").notNull(),
  succeeded: integer("succeeded").notNull(),
  failed: integer("failed").notNull(),
  statusCounts: integer("status_counts").array().notNull(),
  errorCounts: integer("error_counts").array().notNull(),
  latencyCounts: integer("latency_counts").array().notNull(),
  durationSumMs: bigint("duration_sum_ms", { mode: "number" }).notNull(),
  // Delivery lag: from a message's creation to its first scheduled attempt, for the first attempts in the period.
  lagCount: integer("lag_count").notNull(),
  lagSumMs: bigint("lag_sum_ms", { mode: "number" }).notNull(),
  lagMaxMs: integer("lag_max_ms").notNull(),
});

/** A rollup row's key columns but its period: workspace, endpoint (and so application) and source. */
const rollupScope = () => ({
  workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
  // The endpoint's application (so a workspace-wide message counts for each application it reached).
  applicationId: text("application_id").notNull(),
  endpointId: text("endpoint_id").notNull().references(() => endpoints.id, { onDelete: "cascade" }),
  // The source whose request made the message; null for messages sent through the API.
  sourceId: text("source_id"),
});

/**
 * Delivery attempts per minute, per endpoint and source (lib/monitoring/rollups.ts keeps it; the dashboards' 1 h and
 * 24 h ranges read it). A row counts the attempts whose created_at falls in its minute. The arrays are fixed-length
 * histograms whose positions are the constants in lib/monitoring/rollup-shape.ts (status classes 1xx..5xx, error
 * classes, latency bucket bounds): summing rows position by position sums their histograms, so p50/p95 over any range
 * come from one aggregate. Positions are only ever appended, so old rows stay readable.
 */
export const attemptRollups = pgTable(
  "attempt_rollups",
  { ...rollupScope(), minute: timestamp("minute", { withTimezone: true }).notNull(), ...rollupCounts() },
  (t) => [
    // The row's identity (the rollup's upsert target), and serves an endpoint's charts: workspace, endpoint, minute range.
    unique("attempt_rollups_key").on(t.workspaceId, t.endpointId, t.sourceId, t.minute).nullsNotDistinct(),
    // Serves the workspace's charts and the endpoint health list: a workspace's minutes in a range; and the hourly
    // rollup's reading of a workspace's minutes.
    index("attempt_rollups_workspace_minute").on(t.workspaceId, t.minute),
    // Serves an application's charts (its own page and the consumer portal).
    index("attempt_rollups_application_minute").on(t.applicationId, t.minute),
    // Serves a source's charts.
    index("attempt_rollups_source_minute").on(t.sourceId, t.minute).where(sql`${t.sourceId} is not null`),
    // Serves the cascade when an endpoint is deleted (alone or with its application): the key leads with the
    // workspace, so without it each deleted endpoint's foreign-key check reads the whole table.
    index("attempt_rollups_endpoint").on(t.endpointId),
  ],
);

/**
 * The same counts per hour, summed from attempt_rollups' minutes by the same job in the same transaction (so it is
 * exactly their sum). The 7 d and 30 d ranges and the endpoint health list over them read it: a minute row holds one
 * or two attempts on a quiet endpoint, so minutes barely compress a month; hours do.
 */
export const attemptRollupsHourly = pgTable(
  "attempt_rollups_hourly",
  { ...rollupScope(), hour: timestamp("hour", { withTimezone: true }).notNull(), ...rollupCounts() },
  (t) => [
    // The row's identity (the hourly upsert target), and serves an endpoint's 7 d / 30 d charts.
    unique("attempt_rollups_hourly_key").on(t.workspaceId, t.endpointId, t.sourceId, t.hour).nullsNotDistinct(),
    // Serves the workspace's 7 d / 30 d charts and the endpoint health list over them.
    index("attempt_rollups_hourly_workspace_hour").on(t.workspaceId, t.hour),
    // Serves an application's 7 d / 30 d charts (its own page and the consumer portal).
    index("attempt_rollups_hourly_application_hour").on(t.applicationId, t.hour),
    // Serves a source's 7 d / 30 d charts.
    index("attempt_rollups_hourly_source_hour").on(t.sourceId, t.hour).where(sql`${t.sourceId} is not null`),
    // Serves the cascade when an endpoint is deleted (see attempt_rollups_endpoint).
    index("attempt_rollups_hourly_endpoint").on(t.endpointId),
  ],
);

/**
 * Each endpoint's attempts and failures per day (UTC), summed from its hourly rows by the same job in the same
 * transaction: what the endpoint health list over 7 and 30 days reads for the whole days of its range (the partial days
 * at its ends come from the hourly rows). Only the two counts it ranks by, so a month of a workspace's endpoints is 30
 * narrow rows each, where the hourly level held 75,000 wide ones for 100 endpoints in the 1 M attempt benchmark.
 */
export const endpointHealthDaily = pgTable(
  "endpoint_health_daily",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    applicationId: text("application_id").notNull(),
    endpointId: text("endpoint_id").notNull().references(() => endpoints.id, { onDelete: "cascade" }),
    day: timestamp("day", { withTimezone: true }).notNull(),
    total: integer("total").notNull(),
    failed: integer("failed").notNull(),
  },
  (t) => [
    // The row's identity (the job's upsert target).
    unique("endpoint_health_daily_key").on(t.workspaceId, t.endpointId, t.day),
    // Serves the endpoint health list over 7 and 30 days, and the job's replacement of a window: a workspace's days.
    index("endpoint_health_daily_workspace_day").on(t.workspaceId, t.day),
    // Serves the cascade when an endpoint is deleted.
    index("endpoint_health_daily_endpoint").on(t.endpointId),
  ],
);

/**
 * The same counts again for whole scopes: one row per workspace (application_id null) and one per application, per
 * minute and per hour, summed by the same job in the same transaction from attempt_rollups and attempt_rollups_hourly
 * (so each is exactly their sum). The workspace and application dashboards read these: a month of a workspace is 720
 * hourly rows here however many endpoints and sources it has, where the per-endpoint level held 75,000 in the 1 M
 * attempt benchmark and took 400 ms to sum.
 */
export const attemptRollupScopes = pgTable(
  "attempt_rollup_scopes",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    // Null: the whole workspace.
    applicationId: text("application_id"),
    granularity: text("granularity", { enum: ["minute", "hour"] }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    ...rollupCounts(),
  },
  (t) => [
    // The row's identity (the upsert target), and serves the workspace's and an application's charts (the portal's
    // too): one scope's rows of one granularity in a time range.
    unique("attempt_rollup_scopes_key").on(t.workspaceId, t.applicationId, t.granularity, t.at).nullsNotDistinct(),
    // Serves the rollup job's replacement of a window (every scope's rows of one granularity in a few minutes or
    // hours), which the key, application before time, can only serve by reading each workspace's rows whole.
    index("attempt_rollup_scopes_granularity_at").on(t.granularity, t.at),
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
