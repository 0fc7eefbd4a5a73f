CREATE TYPE "public"."endpoint_kind" AS ENUM('webhook', 'slack', 'zapier', 'ifttt');--> statement-breakpoint
CREATE TABLE "integration_oauth_states" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"application_id" text NOT NULL,
	"integration" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"consumed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "kind" "endpoint_kind" DEFAULT 'webhook' NOT NULL;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "integration" jsonb;--> statement-breakpoint
ALTER TABLE "integration_oauth_states" ADD CONSTRAINT "integration_oauth_states_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_oauth_states" ADD CONSTRAINT "integration_oauth_states_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "integration_oauth_states_expires" ON "integration_oauth_states" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_integration_kind" CHECK (("endpoints"."kind" = 'webhook') = ("endpoints"."integration" is null));