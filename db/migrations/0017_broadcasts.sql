CREATE TYPE "public"."broadcast_status" AS ENUM('pending', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "broadcasts" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"event_type" text NOT NULL,
	"event_type_id" text,
	"version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"event_id" text,
	"status" "broadcast_status" DEFAULT 'pending' NOT NULL,
	"cursor" text,
	"applications_total" integer NOT NULL,
	"applications_done" integer DEFAULT 0 NOT NULL,
	"messages_created" integer DEFAULT 0 NOT NULL,
	"deliveries_created" integer DEFAULT 0 NOT NULL,
	"lease_token" text,
	"lease_until" timestamp (3) with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "broadcast_id" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_event_type_id_event_types_id_fk" FOREIGN KEY ("event_type_id") REFERENCES "public"."event_types"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "broadcasts_runnable" ON "broadcasts" USING btree ("created_at") WHERE "broadcasts"."status" in ('pending', 'running');--> statement-breakpoint
CREATE INDEX "broadcasts_workspace_created" ON "broadcasts" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "broadcasts_workspace_event_id" ON "broadcasts" USING btree ("workspace_id","event_id") WHERE "broadcasts"."event_id" is not null;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_broadcast_id_broadcasts_id_fk" FOREIGN KEY ("broadcast_id") REFERENCES "public"."broadcasts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_workspace_id" ON "applications" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_broadcast_application" ON "messages" USING btree ("broadcast_id","application_id") WHERE "messages"."broadcast_id" is not null;