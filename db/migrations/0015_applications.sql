CREATE TABLE "applications" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"uid" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rate_limit_per_second" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_rate_limit_positive" CHECK ("applications"."rate_limit_per_second" is null or "applications"."rate_limit_per_second" > 0)
);
--> statement-breakpoint
-- Every endpoint belongs to an application. Existing endpoints move into a "default" application of their workspace
-- (uid "default", the one the API also uses when an endpoint is created without one); only workspaces that have
-- endpoints get it now, the others when their first endpoint is created. The column is added nullable, filled, then
-- made NOT NULL; nothing else of the endpoints (secrets, status, updated_at) or of their deliveries changes, so pending
-- deliveries go out as before. The id is derived from the workspace's (hex is a subset of base62), unique per workspace.
ALTER TABLE "endpoints" ADD COLUMN "application_id" text;--> statement-breakpoint
INSERT INTO "applications" ("id", "workspace_id", "name", "uid", "created_at", "updated_at")
SELECT 'app_' || left(md5("workspace_id" || ':default'), 23), "workspace_id", 'Default', 'default', min("created_at"), min("created_at")
FROM "endpoints" GROUP BY "workspace_id";--> statement-breakpoint
UPDATE "endpoints" SET "application_id" = 'app_' || left(md5("workspace_id" || ':default'), 23);--> statement-breakpoint
ALTER TABLE "endpoints" ALTER COLUMN "application_id" SET NOT NULL;--> statement-breakpoint
-- Messages sent before applications existed stay workspace-wide sends (application_id null): their history is not rewritten.
ALTER TABLE "messages" ADD COLUMN "application_id" text;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_workspace_created" ON "applications" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "applications_workspace_uid" ON "applications" USING btree ("workspace_id","uid");--> statement-breakpoint
CREATE INDEX "applications_workspace_name" ON "applications" USING btree ("workspace_id",lower("name") text_pattern_ops);--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "endpoints_application_created" ON "endpoints" USING btree ("application_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_application_created" ON "messages" USING btree ("application_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "messages"."application_id" is not null;