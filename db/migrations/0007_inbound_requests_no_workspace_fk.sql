ALTER TABLE "inbound_requests" DROP CONSTRAINT "inbound_requests_workspace_id_workspaces_id_fk";
