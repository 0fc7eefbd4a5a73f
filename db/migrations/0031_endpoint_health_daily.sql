CREATE TABLE "endpoint_health_daily" (
	"workspace_id" text NOT NULL,
	"application_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"total" integer NOT NULL,
	"failed" integer NOT NULL,
	CONSTRAINT "endpoint_health_daily_key" UNIQUE("workspace_id","endpoint_id","day")
);
--> statement-breakpoint
ALTER TABLE "endpoint_health_daily" ADD CONSTRAINT "endpoint_health_daily_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoint_health_daily" ADD CONSTRAINT "endpoint_health_daily_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "endpoint_health_daily_workspace_day" ON "endpoint_health_daily" USING btree ("workspace_id","day");--> statement-breakpoint
CREATE INDEX "endpoint_health_daily_endpoint" ON "endpoint_health_daily" USING btree ("endpoint_id");--> statement-breakpoint
-- The history the hourly rollups already hold, per endpoint and day (UTC).
INSERT INTO "endpoint_health_daily" ("workspace_id", "application_id", "endpoint_id", "day", "total", "failed")
SELECT "workspace_id", max("application_id"), "endpoint_id", date_trunc('day', "hour", 'UTC'), sum("total")::int, sum("failed")::int
FROM "attempt_rollups_hourly"
GROUP BY "workspace_id", "endpoint_id", date_trunc('day', "hour", 'UTC');
