CREATE TABLE "retention_cursors" (
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"position" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_cursors_workspace_id_kind_pk" PRIMARY KEY("workspace_id","kind")
);
--> statement-breakpoint
CREATE TABLE "retention_held_payloads" (
	"message_id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "payload" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "payload_retention_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "metadata_retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "bodies_purged_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "payload_purged_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "inbound_requests" ADD COLUMN "body_purged_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "retention_cursors" ADD CONSTRAINT "retention_cursors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_held_payloads" ADD CONSTRAINT "retention_held_payloads_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "retention_held_payloads_workspace" ON "retention_held_payloads" USING btree ("workspace_id","message_id");--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_retention_order" CHECK ("workspaces"."payload_retention_days" between 1 and 3650 and "workspaces"."metadata_retention_days" between "workspaces"."payload_retention_days" and 3650);