ALTER TABLE "attempts" DROP CONSTRAINT "attempts_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "attempts" DROP CONSTRAINT "attempts_message_id_messages_id_fk";
--> statement-breakpoint
ALTER TABLE "attempts" DROP CONSTRAINT "attempts_endpoint_id_endpoints_id_fk";
