ALTER TYPE "public"."audit_actor_type" ADD VALUE 'portal_session';--> statement-breakpoint
CREATE TABLE "portal_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"application_id" text NOT NULL,
	"link_token_hash" text NOT NULL,
	"session_token_hash" text,
	"read_only" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"consumed_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	"created_by_type" text NOT NULL,
	"created_by_id" text,
	"created_by_label" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "portal_display_name" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "portal_logo_url" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "portal_accent_color" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "portal_accent_color_dark" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "portal_frame_origins" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "portal_sessions_link_token" ON "portal_sessions" USING btree ("link_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_sessions_session_token" ON "portal_sessions" USING btree ("session_token_hash");--> statement-breakpoint
CREATE INDEX "portal_sessions_application" ON "portal_sessions" USING btree ("application_id");