CREATE TABLE "attempt_rollup_scopes" (
	"workspace_id" text NOT NULL,
	"application_id" text,
	"granularity" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"total" integer NOT NULL,
	"succeeded" integer NOT NULL,
	"failed" integer NOT NULL,
	"status_counts" integer[] NOT NULL,
	"error_counts" integer[] NOT NULL,
	"latency_counts" integer[] NOT NULL,
	"duration_sum_ms" bigint NOT NULL,
	"lag_count" integer NOT NULL,
	"lag_sum_ms" bigint NOT NULL,
	"lag_max_ms" integer NOT NULL,
	CONSTRAINT "attempt_rollup_scopes_key" UNIQUE NULLS NOT DISTINCT("workspace_id","application_id","granularity","at")
);
--> statement-breakpoint
ALTER TABLE "attempt_rollup_scopes" ADD CONSTRAINT "attempt_rollup_scopes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- The history the minute and hourly rollups already hold, summed per workspace and per application (positions as in
-- lib/monitoring/rollup-shape.ts when this was written: 5 status classes, 11 error classes, 11 latency buckets).
INSERT INTO "attempt_rollup_scopes" ("workspace_id", "application_id", "granularity", "at", "total", "succeeded", "failed", "status_counts", "error_counts", "latency_counts", "duration_sum_ms", "lag_count", "lag_sum_ms", "lag_max_ms")
SELECT "workspace_id", "application_id", 'minute', "minute", sum("total")::int, sum("succeeded")::int, sum("failed")::int,
  array[coalesce(sum("status_counts"[1]), 0), coalesce(sum("status_counts"[2]), 0), coalesce(sum("status_counts"[3]), 0), coalesce(sum("status_counts"[4]), 0), coalesce(sum("status_counts"[5]), 0)]::int[],
  array[coalesce(sum("error_counts"[1]), 0), coalesce(sum("error_counts"[2]), 0), coalesce(sum("error_counts"[3]), 0), coalesce(sum("error_counts"[4]), 0), coalesce(sum("error_counts"[5]), 0), coalesce(sum("error_counts"[6]), 0), coalesce(sum("error_counts"[7]), 0), coalesce(sum("error_counts"[8]), 0), coalesce(sum("error_counts"[9]), 0), coalesce(sum("error_counts"[10]), 0), coalesce(sum("error_counts"[11]), 0)]::int[],
  array[coalesce(sum("latency_counts"[1]), 0), coalesce(sum("latency_counts"[2]), 0), coalesce(sum("latency_counts"[3]), 0), coalesce(sum("latency_counts"[4]), 0), coalesce(sum("latency_counts"[5]), 0), coalesce(sum("latency_counts"[6]), 0), coalesce(sum("latency_counts"[7]), 0), coalesce(sum("latency_counts"[8]), 0), coalesce(sum("latency_counts"[9]), 0), coalesce(sum("latency_counts"[10]), 0), coalesce(sum("latency_counts"[11]), 0)]::int[],
  sum("duration_sum_ms")::bigint, sum("lag_count")::int, sum("lag_sum_ms")::bigint, max("lag_max_ms")::int
FROM "attempt_rollups"
GROUP BY GROUPING SETS (("workspace_id", "application_id", "minute"), ("workspace_id", "minute"));
--> statement-breakpoint
INSERT INTO "attempt_rollup_scopes" ("workspace_id", "application_id", "granularity", "at", "total", "succeeded", "failed", "status_counts", "error_counts", "latency_counts", "duration_sum_ms", "lag_count", "lag_sum_ms", "lag_max_ms")
SELECT "workspace_id", "application_id", 'hour', "hour", sum("total")::int, sum("succeeded")::int, sum("failed")::int,
  array[coalesce(sum("status_counts"[1]), 0), coalesce(sum("status_counts"[2]), 0), coalesce(sum("status_counts"[3]), 0), coalesce(sum("status_counts"[4]), 0), coalesce(sum("status_counts"[5]), 0)]::int[],
  array[coalesce(sum("error_counts"[1]), 0), coalesce(sum("error_counts"[2]), 0), coalesce(sum("error_counts"[3]), 0), coalesce(sum("error_counts"[4]), 0), coalesce(sum("error_counts"[5]), 0), coalesce(sum("error_counts"[6]), 0), coalesce(sum("error_counts"[7]), 0), coalesce(sum("error_counts"[8]), 0), coalesce(sum("error_counts"[9]), 0), coalesce(sum("error_counts"[10]), 0), coalesce(sum("error_counts"[11]), 0)]::int[],
  array[coalesce(sum("latency_counts"[1]), 0), coalesce(sum("latency_counts"[2]), 0), coalesce(sum("latency_counts"[3]), 0), coalesce(sum("latency_counts"[4]), 0), coalesce(sum("latency_counts"[5]), 0), coalesce(sum("latency_counts"[6]), 0), coalesce(sum("latency_counts"[7]), 0), coalesce(sum("latency_counts"[8]), 0), coalesce(sum("latency_counts"[9]), 0), coalesce(sum("latency_counts"[10]), 0), coalesce(sum("latency_counts"[11]), 0)]::int[],
  sum("duration_sum_ms")::bigint, sum("lag_count")::int, sum("lag_sum_ms")::bigint, max("lag_max_ms")::int
FROM "attempt_rollups_hourly"
GROUP BY GROUPING SETS (("workspace_id", "application_id", "hour"), ("workspace_id", "hour"));
