CREATE TYPE "public"."alert_incident_state" AS ENUM('firing', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."alert_notification_event" AS ENUM('firing', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."alert_notification_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."alert_rule_kind" AS ENUM('failure_rate', 'consecutive_failures', 'endpoint_disabled', 'delivery_exhausted', 'inbound_verification_failures', 'api_key_expiring', 'delivery_lag');--> statement-breakpoint
CREATE TABLE "alert_incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"rule_id" text,
	"rule_name" text NOT NULL,
	"kind" "alert_rule_kind" NOT NULL,
	"subject" text NOT NULL,
	"state" "alert_incident_state" DEFAULT 'firing' NOT NULL,
	"evidence" jsonb NOT NULL,
	"resolution" jsonb,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	"notify_after" timestamp (3) with time zone NOT NULL,
	"firing_notified_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"incident_id" text NOT NULL,
	"event" "alert_notification_event" NOT NULL,
	"channel" jsonb NOT NULL,
	"channel_index" integer NOT NULL,
	"status" "alert_notification_status" DEFAULT 'pending' NOT NULL,
	"tries" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" "alert_rule_kind" NOT NULL,
	"application_id" text,
	"endpoint_id" text,
	"source_id" text,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cooldown_seconds" integer DEFAULT 900 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_incidents" ADD CONSTRAINT "alert_incidents_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_incidents" ADD CONSTRAINT "alert_incidents_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_incident_id_alert_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."alert_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_incidents_open" ON "alert_incidents" USING btree ("rule_id","subject") WHERE "alert_incidents"."state" = 'firing';--> statement-breakpoint
CREATE INDEX "alert_incidents_workspace_created" ON "alert_incidents" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alert_incidents_rule_subject_resolved" ON "alert_incidents" USING btree ("rule_id","subject","resolved_at" DESC NULLS LAST) WHERE "alert_incidents"."state" = 'resolved';--> statement-breakpoint
CREATE UNIQUE INDEX "alert_notifications_once" ON "alert_notifications" USING btree ("incident_id","event","channel_index");--> statement-breakpoint
CREATE INDEX "alert_notifications_pending" ON "alert_notifications" USING btree ("created_at") WHERE "alert_notifications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "alert_rules_workspace_created" ON "alert_rules" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alert_rules_enabled" ON "alert_rules" USING btree ("workspace_id") WHERE "alert_rules"."enabled";--> statement-breakpoint
CREATE INDEX "inbound_requests_source_rejected_created" ON "inbound_requests" USING btree ("source_id","created_at") WHERE "inbound_requests"."verdict" = 'rejected';