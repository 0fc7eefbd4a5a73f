CREATE TYPE "public"."inbound_verdict" AS ENUM('accepted', 'rejected');--> statement-breakpoint
CREATE TABLE "connections" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"source_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"filter" jsonb,
	"transform" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"source_id" text NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "inbound_requests_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"method" text NOT NULL,
	"path" text DEFAULT '' NOT NULL,
	"query" text DEFAULT '' NOT NULL,
	"headers" jsonb NOT NULL,
	"body" "bytea",
	"body_size" integer NOT NULL,
	"ip" text,
	"verdict" "inbound_verdict" NOT NULL,
	"status" integer NOT NULL,
	"reason" text,
	"detail" text,
	"delivery_id" text,
	"dedup_key" text,
	"duplicate_count" integer DEFAULT 0 NOT NULL,
	"last_duplicate_at" timestamp (3) with time zone,
	"message_ids" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"token" text NOT NULL,
	"provider" text NOT NULL,
	"verification_encrypted" text NOT NULL,
	"verification_summary" jsonb NOT NULL,
	"ip_allowlist" text[] DEFAULT '{}' NOT NULL,
	"rate_limit_per_minute" integer,
	"max_body_bytes" integer DEFAULT 1048576 NOT NULL,
	"json_schema" jsonb,
	"deduplicate" boolean DEFAULT false NOT NULL,
	"dedup_header" text,
	"temporary" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"rejections_not_stored" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sources_max_body_range" CHECK ("sources"."max_body_bytes" between 1024 and 10485760),
	CONSTRAINT "sources_rate_limit_positive" CHECK ("sources"."rate_limit_per_minute" is null or "sources"."rate_limit_per_minute" > 0)
);
--> statement-breakpoint
CREATE TABLE "tunnel_responses" (
	"request_id" text NOT NULL,
	"listener" text NOT NULL,
	"workspace_id" text NOT NULL,
	"source_id" text NOT NULL,
	"request_seq" bigint NOT NULL,
	"target_url" text NOT NULL,
	"status" integer,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"body_truncated" boolean DEFAULT false NOT NULL,
	"duration_ms" integer NOT NULL,
	"error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tunnel_responses_request_id_listener_pk" PRIMARY KEY("request_id","listener")
);
--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_requests" ADD CONSTRAINT "inbound_requests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_requests" ADD CONSTRAINT "inbound_requests_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tunnel_responses" ADD CONSTRAINT "tunnel_responses_request_id_inbound_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."inbound_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tunnel_responses" ADD CONSTRAINT "tunnel_responses_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tunnel_responses" ADD CONSTRAINT "tunnel_responses_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connections_source" ON "connections" USING btree ("source_id","created_at");--> statement-breakpoint
CREATE INDEX "connections_endpoint" ON "connections" USING btree ("endpoint_id");--> statement-breakpoint
CREATE INDEX "inbound_requests_source_created" ON "inbound_requests" USING btree ("source_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_requests_source_seq" ON "inbound_requests" USING btree ("source_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_requests_dedup" ON "inbound_requests" USING btree ("source_id","dedup_key") WHERE "inbound_requests"."dedup_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "sources_token" ON "sources" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "sources_workspace_name" ON "sources" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "sources_workspace_created" ON "sources" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sources_expires" ON "sources" USING btree ("expires_at") WHERE "sources"."expires_at" is not null;--> statement-breakpoint
CREATE INDEX "tunnel_responses_listener_seq" ON "tunnel_responses" USING btree ("source_id","listener","request_seq" DESC NULLS LAST);