CREATE TABLE "template_versions" (
	"template_id" text NOT NULL,
	"number" integer NOT NULL,
	"source" text NOT NULL,
	"changelog" text DEFAULT '' NOT NULL,
	"published_by" text NOT NULL,
	"published_by_id" text,
	"published_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "template_versions_template_id_number_pk" PRIMARY KEY("template_id","number"),
	CONSTRAINT "template_versions_number_positive" CHECK ("template_versions"."number" > 0)
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"target" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"draft_source" text NOT NULL,
	"latest_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "templates_target_known" CHECK ("templates"."target" in ('json', 'slack', 'discord', 'teams', 'text'))
);
--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "template_id" text;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "template_version" integer;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "template_vars" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_template_id_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "templates" ADD CONSTRAINT "templates_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "templates_workspace_created" ON "templates" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "templates_workspace_name" ON "templates" USING btree ("workspace_id","name");--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_template_id_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_template_version_fk" FOREIGN KEY ("template_id","template_version") REFERENCES "public"."template_versions"("template_id","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "endpoints_template" ON "endpoints" USING btree ("template_id");--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_template_version_needs_template" CHECK ("endpoints"."template_version" is null or "endpoints"."template_id" is not null);