-- Cheaper delivery writes: deliveries_event (event_id) duplicated the leading column of the unique
-- (event_id, target_pk, replay_name) index, which serves every lookup by event as well; it was one
-- more index entry on every delivery insert and on every state change (those updates are not HOT).
DROP INDEX IF EXISTS deliveries_event;
