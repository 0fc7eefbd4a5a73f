ALTER TABLE "api_key_rotations" ADD COLUMN "actor_label" text;--> statement-breakpoint
-- Earlier rotations: who did it is in the audit row each rotation wrote (action api_key.roll or api_key.rotate on the old key).
UPDATE "api_key_rotations" AS r SET "actor_label" = a."actor_label"
FROM "audit_log" AS a
WHERE a."target_type" = 'api_key' AND a."target_id" = r."old_key_id" AND a."action" IN ('api_key.roll', 'api_key.rotate') AND r."actor_label" IS NULL;
