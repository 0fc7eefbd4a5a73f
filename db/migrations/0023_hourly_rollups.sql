CREATE TABLE "attempt_rollups_hourly" (
	"workspace_id" text NOT NULL,
	"application_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"source_id" text,
	"hour" timestamp with time zone NOT NULL,
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
	CONSTRAINT "attempt_rollups_hourly_key" UNIQUE NULLS NOT DISTINCT("workspace_id","endpoint_id","source_id","hour")
);
--> statement-breakpoint
ALTER TABLE "attempt_rollups_hourly" ADD CONSTRAINT "attempt_rollups_hourly_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_rollups_hourly" ADD CONSTRAINT "attempt_rollups_hourly_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attempt_rollups_hourly_workspace_hour" ON "attempt_rollups_hourly" USING btree ("workspace_id","hour");--> statement-breakpoint
CREATE INDEX "attempt_rollups_hourly_application_hour" ON "attempt_rollups_hourly" USING btree ("application_id","hour");--> statement-breakpoint
CREATE INDEX "attempt_rollups_hourly_source_hour" ON "attempt_rollups_hourly" USING btree ("source_id","hour") WHERE "attempt_rollups_hourly"."source_id" is not null;--> statement-breakpoint
-- The hours (UTC, as the rollup job cuts them) of the minutes already rolled up; later hours are summed by the job.
INSERT INTO "attempt_rollups_hourly" ("workspace_id", "application_id", "endpoint_id", "source_id", "hour", "total", "succeeded", "failed",
  "status_counts", "error_counts", "latency_counts", "duration_sum_ms", "lag_count", "lag_sum_ms", "lag_max_ms")
SELECT "workspace_id", max("application_id"), "endpoint_id", "source_id", date_trunc('hour', "minute", 'UTC'), sum("total"), sum("succeeded"), sum("failed"),
  ARRAY[sum("status_counts"[1]), sum("status_counts"[2]), sum("status_counts"[3]), sum("status_counts"[4]), sum("status_counts"[5])]::int[],
  ARRAY[sum("error_counts"[1]), sum("error_counts"[2]), sum("error_counts"[3]), sum("error_counts"[4]), sum("error_counts"[5]), sum("error_counts"[6]), sum("error_counts"[7]), sum("error_counts"[8]), sum("error_counts"[9]), sum("error_counts"[10]), sum("error_counts"[11])]::int[],
  ARRAY[sum("latency_counts"[1]), sum("latency_counts"[2]), sum("latency_counts"[3]), sum("latency_counts"[4]), sum("latency_counts"[5]), sum("latency_counts"[6]), sum("latency_counts"[7]), sum("latency_counts"[8]), sum("latency_counts"[9]), sum("latency_counts"[10]), sum("latency_counts"[11])]::int[],
  sum("duration_sum_ms"), sum("lag_count"), sum("lag_sum_ms"), max("lag_max_ms")
FROM "attempt_rollups" GROUP BY "workspace_id", "endpoint_id", "source_id", date_trunc('hour', "minute", 'UTC');
