DROP INDEX "deliveries_due";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "held" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "deliveries_held" ON "deliveries" USING btree ("endpoint_id") WHERE "deliveries"."held";--> statement-breakpoint
CREATE INDEX "deliveries_due" ON "deliveries" USING btree ("next_attempt_at") WHERE "deliveries"."status" in ('pending', 'failed', 'sending') and "deliveries"."next_attempt_at" is not null and not "deliveries"."held";--> statement-breakpoint
-- A delivery to a paused or disabled endpoint is held: out of the due index, so claims never step over a backlog that
-- cannot be sent. An insert reads its endpoint's status; only for an endpoint that is not enabled does it lock the
-- endpoint row (FOR SHARE), so a concurrent resume either commits first (and is seen) or waits for this insert (and
-- releases it).
CREATE FUNCTION deliveries_hold_on_insert() RETURNS trigger AS $$
DECLARE
  endpoint_status endpoint_status;
BEGIN
  SELECT status INTO endpoint_status FROM endpoints WHERE id = NEW.endpoint_id;
  IF endpoint_status IS DISTINCT FROM 'enabled' THEN
    SELECT status INTO endpoint_status FROM endpoints WHERE id = NEW.endpoint_id FOR SHARE;
  END IF;
  NEW.held := endpoint_status IS DISTINCT FROM 'enabled';
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER deliveries_hold_on_insert BEFORE INSERT ON deliveries FOR EACH ROW EXECUTE FUNCTION deliveries_hold_on_insert();
--> statement-breakpoint
-- Pausing or disabling holds the endpoint's open deliveries; enabling releases every held one (including any that
-- finished in flight and were replayed since).
CREATE FUNCTION endpoints_hold_deliveries() RETURNS trigger AS $$
BEGIN
  IF NEW.status = 'enabled' THEN
    UPDATE deliveries SET held = false WHERE endpoint_id = NEW.id AND held;
  ELSIF OLD.status = 'enabled' THEN
    UPDATE deliveries SET held = true
    WHERE endpoint_id = NEW.id AND status IN ('pending', 'failed', 'sending') AND next_attempt_at IS NOT NULL AND NOT held;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER endpoints_hold_deliveries AFTER UPDATE OF status ON endpoints FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION endpoints_hold_deliveries();
--> statement-breakpoint
UPDATE deliveries d SET held = true FROM endpoints e
WHERE e.id = d.endpoint_id AND e.status <> 'enabled' AND d.status IN ('pending', 'failed', 'sending') AND d.next_attempt_at IS NOT NULL;
