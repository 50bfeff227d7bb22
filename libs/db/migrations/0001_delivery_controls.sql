-- Delivery controls: ordered delivery per key, and redrive bookkeeping.

-- The value of the target's orderingKey for this event; deliveries with the same key to the same
-- target go one at a time, in event order.
ALTER TABLE deliveries ADD COLUMN ordering_key text;
ALTER TABLE deliveries ADD COLUMN redrive_count integer NOT NULL DEFAULT 0;
-- A redrive starts a fresh retry budget and age window: attempts before it do not count against the
-- target's retry policy, and the event age is measured from the redrive.
ALTER TABLE deliveries ADD COLUMN retry_attempt_base integer NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN retry_window_start timestamptz;
CREATE INDEX deliveries_ordering ON deliveries (target_pk, ordering_key, event_received_at)
  WHERE ordering_key IS NOT NULL AND state IN ('pending', 'retrying');
CREATE INDEX deliveries_dead_letter ON deliveries (account_id, updated_at DESC) WHERE state = 'dead_letter';
