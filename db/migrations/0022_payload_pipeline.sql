CREATE TYPE "public"."payload_compression" AS ENUM('none', 'gzip');--> statement-breakpoint
CREATE TYPE "public"."payload_format" AS ENUM('envelope', 'raw', 'form', 'xml', 'template');--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "payload_format" "payload_format" DEFAULT 'envelope' NOT NULL;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "transformation" text;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "transformation_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "compression" "payload_compression" DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "compression_threshold_bytes" integer DEFAULT 1024 NOT NULL;--> statement-breakpoint
ALTER TABLE "event_type_versions" ADD COLUMN "converter" text;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "transformation" text;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "transformation_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_compression_threshold_range" CHECK ("endpoints"."compression_threshold_bytes" >= 0);