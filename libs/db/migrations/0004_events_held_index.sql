-- Cheaper event writes: the (source_id, state) index was maintained on every insert and every
-- routing update, but the only query that needs it looks for held events of one source.
DROP INDEX IF EXISTS events_source_state;
CREATE INDEX events_held_by_source ON events (source_id) WHERE state = 'held';
