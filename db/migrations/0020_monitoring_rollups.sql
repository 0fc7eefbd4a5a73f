CREATE TABLE "attempt_rollups" (
	"workspace_id" text NOT NULL,
	"application_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"source_id" text,
	"minute" timestamp with time zone NOT NULL,
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
	CONSTRAINT "attempt_rollups_key" UNIQUE NULLS NOT DISTINCT("workspace_id","endpoint_id","source_id","minute")
);
--> statement-breakpoint
CREATE TABLE "rollup_watermarks" (
	"name" text PRIMARY KEY NOT NULL,
	"rolled_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "source_id" text;--> statement-breakpoint
ALTER TABLE "attempt_rollups" ADD CONSTRAINT "attempt_rollups_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_rollups" ADD CONSTRAINT "attempt_rollups_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attempt_rollups_workspace_minute" ON "attempt_rollups" USING btree ("workspace_id","minute");--> statement-breakpoint
CREATE INDEX "attempt_rollups_application_minute" ON "attempt_rollups" USING btree ("application_id","minute");--> statement-breakpoint
CREATE INDEX "attempt_rollups_source_minute" ON "attempt_rollups" USING btree ("source_id","minute") WHERE "attempt_rollups"."source_id" is not null;--> statement-breakpoint
CREATE INDEX "messages_source_created" ON "messages" USING btree ("source_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "messages"."source_id" is not null;--> statement-breakpoint
CREATE INDEX "messages_payload" ON "messages" USING gin ("payload" jsonb_path_ops);--> statement-breakpoint
-- Messages made by inbound sources before source_id existed: their event id is the request that made them.
UPDATE "messages" m SET "source_id" = r."source_id" FROM "inbound_requests" r WHERE m."event_id" LIKE 'req\_%' AND r."id" = m."event_id";
