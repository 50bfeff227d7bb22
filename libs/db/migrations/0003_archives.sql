-- Archives and replays. Keep libs/db/schema/archives.schema.ts in step with this file.

-- An archive keeps the events of one bus that match its pattern (all when none). Events are stored
-- once in `events`; an archive only records membership (archive_events).
CREATE TABLE archives (
  id              uuid PRIMARY KEY,
  account_id      char(12) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name            text NOT NULL,
  bus_id          uuid NOT NULL REFERENCES event_buses(id) ON DELETE CASCADE,
  bus_name        text NOT NULL,
  event_pattern   text,
  -- 0 keeps events for as long as the archive exists.
  retention_days  integer NOT NULL DEFAULT 0 CHECK (retention_days >= 0),
  state           text NOT NULL DEFAULT 'ENABLED' CHECK (state IN ('ENABLED', 'DISABLED')),
  description     text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, name)
);
CREATE INDEX archives_bus ON archives (bus_id);

-- Which archive holds which event, decided at routing time. Partitioned by the event's day of
-- receipt like `events`, so a membership partition goes with its events partition (DROP, never a
-- long DELETE). No foreign key to archives: deleting an archive leaves rows that every query
-- ignores (they join archives) and that leave with their partition.
CREATE TABLE archive_events (
  archive_id        uuid NOT NULL,
  event_id          uuid NOT NULL,
  event_received_at timestamptz NOT NULL,
  -- The event's `time`: replay windows and replay order use it.
  event_time        timestamptz NOT NULL,
  size_bytes        integer NOT NULL,
  PRIMARY KEY (archive_id, event_id, event_received_at)
) PARTITION BY RANGE (event_received_at);
CREATE TABLE archive_events_default PARTITION OF archive_events DEFAULT;
CREATE INDEX archive_events_time ON archive_events (archive_id, event_time, event_id);

-- Creates the daily partitions of archive_events for [from_day, from_day + days), named like the
-- events partitions (archive_events_YYYYMMDD). Idempotent; skips a day with rows in the default.
CREATE FUNCTION hb_ensure_archive_event_partitions(from_day date, days integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  d date;
  lo timestamptz;
  hi timestamptz;
  created integer := 0;
  part text;
BEGIN
  FOR i IN 0 .. days - 1 LOOP
    d := from_day + i;
    lo := d::timestamp AT TIME ZONE 'UTC';
    hi := (d + 1)::timestamp AT TIME ZONE 'UTC';
    part := 'archive_events_' || to_char(d, 'YYYYMMDD');
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    CONTINUE WHEN EXISTS (SELECT 1 FROM archive_events_default WHERE event_received_at >= lo AND event_received_at < hi);
    EXECUTE format('CREATE TABLE %I PARTITION OF archive_events FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    created := created + 1;
  END LOOP;
  RETURN created;
END $$;
SELECT hb_ensure_archive_event_partitions(((now() AT TIME ZONE 'UTC')::date - 1), 9);

-- A replay re-injects an archive's events of a time window into a bus. The cursor is the last
-- (event_time, event_id) processed; it advances in the transaction that creates the slice's
-- deliveries, so a restart resumes exactly after the last committed slice.
CREATE TABLE replays (
  id                 uuid PRIMARY KEY,
  account_id         char(12) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name               text NOT NULL,
  archive_id         uuid NOT NULL,
  archive_name       text NOT NULL,
  event_start_time   timestamptz NOT NULL,
  event_end_time     timestamptz NOT NULL,
  destination_bus    text NOT NULL,
  -- Rule names the replay delivers to; null = every rule of the destination bus.
  filter_rules       text[],
  -- A single target (its id) of the single filter rule; null = every target of the rules.
  target_id          text,
  state              text NOT NULL CHECK (state IN ('STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED')),
  state_reason       text,
  events_total       integer NOT NULL DEFAULT 0,
  events_replayed    integer NOT NULL DEFAULT 0,
  deliveries_created integer NOT NULL DEFAULT 0,
  slices_done        integer NOT NULL DEFAULT 0,
  cursor_time        timestamptz,
  cursor_event_id    uuid,
  replay_start_time  timestamptz,
  replay_end_time    timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, name)
);
CREATE INDEX replays_active ON replays (account_id) WHERE state IN ('STARTING', 'RUNNING', 'CANCELLING');
