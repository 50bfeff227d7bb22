-- Hookbridge foundation schema. Hand-written: the events table is partitioned by day, which
-- drizzle-kit cannot express. Keep libs/db/schema/*.ts in step with this file.

CREATE TABLE accounts (
  id          char(12) PRIMARY KEY CHECK (id ~ '^[0-9]{12}$'),
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE partners (
  name        text PRIMARY KEY,
  scheme      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id                    uuid PRIMARY KEY,
  role                  text NOT NULL CHECK (role IN ('account', 'partner')),
  account_id            char(12) REFERENCES accounts(id) ON DELETE CASCADE,
  partner_name          text REFERENCES partners(name) ON DELETE CASCADE,
  token_hash            text NOT NULL UNIQUE,
  token_prefix          text NOT NULL,
  access_key_id         text NOT NULL UNIQUE,
  secret_access_key_enc text NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  revoked_at            timestamptz,
  CHECK ((role = 'account') = (account_id IS NOT NULL)),
  CHECK ((role = 'partner') = (partner_name IS NOT NULL))
);

CREATE TABLE partner_event_sources (
  id            uuid PRIMARY KEY,
  name          text NOT NULL,
  partner_name  text NOT NULL REFERENCES partners(name),
  account_id    char(12) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  state         text NOT NULL CHECK (state IN ('PENDING', 'ACTIVE', 'DELETED')),
  ingest_id     text NOT NULL UNIQUE,
  scheme        text NOT NULL,
  options       jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- When a PENDING source is removed if nobody associates it; null while ACTIVE.
  expires_at    timestamptz,
  deleted_at    timestamptz
);
-- A name is live for one account at a time; deleted rows stay for history.
CREATE UNIQUE INDEX partner_event_sources_live_name ON partner_event_sources (name) WHERE state <> 'DELETED';
CREATE INDEX partner_event_sources_account ON partner_event_sources (account_id, name);
CREATE INDEX partner_event_sources_pending_expiry ON partner_event_sources (expires_at) WHERE state = 'PENDING';

CREATE TABLE source_secrets (
  id          uuid PRIMARY KEY,
  source_id   uuid NOT NULL REFERENCES partner_event_sources(id) ON DELETE CASCADE,
  secret_enc  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);
CREATE INDEX source_secrets_active ON source_secrets (source_id) WHERE retired_at IS NULL;

CREATE TABLE event_buses (
  id                uuid PRIMARY KEY,
  account_id        char(12) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name              text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('default', 'custom', 'partner')),
  event_source_name text,
  -- DELETED: a partner bus whose source the partner deleted; its rules are kept.
  state             text NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'DELETED')),
  description       text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, name)
);

CREATE TABLE rules (
  id            uuid PRIMARY KEY,
  account_id    char(12) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  bus_id        uuid NOT NULL REFERENCES event_buses(id) ON DELETE CASCADE,
  name          text NOT NULL,
  event_pattern text NOT NULL,
  state         text NOT NULL DEFAULT 'ENABLED' CHECK (state IN ('ENABLED', 'DISABLED')),
  description   text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (bus_id, name)
);

CREATE TABLE targets (
  id            uuid PRIMARY KEY,
  account_id    char(12) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  rule_id       uuid NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
  target_id     text NOT NULL,
  type          text NOT NULL CHECK (type IN ('http', 'eventbridge', 'bus')),
  -- Everything but credentials; credentials live encrypted in secrets_enc.
  config        jsonb NOT NULL,
  secrets_enc   text,
  state         text NOT NULL DEFAULT 'ENABLED' CHECK (state IN ('ENABLED', 'DISABLED')),
  disabled_reason text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rule_id, target_id)
);

-- Events are partitioned by day of receipt so retention drops whole partitions instead of running
-- long DELETEs. Event ids are UUIDv7, so an id alone tells which partition holds the row.
CREATE TABLE events (
  id           uuid NOT NULL,
  received_at  timestamptz NOT NULL,
  account_id   char(12) NOT NULL,
  -- The partner event source of a webhook; null for events put through the API (PutEvents).
  source_id    uuid,
  source_name  text NOT NULL,
  -- The bus an API-put event was addressed to; webhooks go to their source's partner bus.
  bus_name     text,
  -- received: committed, not yet routed; held: source PENDING; routed; expired: held too long.
  state        text NOT NULL CHECK (state IN ('received', 'held', 'routed', 'expired')),
  dedup_key    text NOT NULL,
  raw_body     bytea NOT NULL,
  headers      jsonb NOT NULL,
  detail_type  text,
  event_time   timestamptz,
  -- The normalized envelope, as exact JSON text (number text matters to pattern matching).
  envelope     text,
  -- How many rules matched and how many deliveries routing created (for the trace and metrics).
  matched_rules integer,
  routed_at    timestamptz,
  PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_pending ON events (received_at) WHERE state IN ('received', 'held');
CREATE INDEX events_source_state ON events (source_id, state);
CREATE INDEX events_account_time ON events (account_id, received_at DESC);

-- Dedup lives outside the partitioned table: a unique index there would have to include the
-- partition key, which would let the same delivery id in on two different days.
CREATE TABLE event_dedup (
  source_id    uuid NOT NULL,
  dedup_key    text NOT NULL,
  event_id     uuid NOT NULL,
  received_at  timestamptz NOT NULL,
  PRIMARY KEY (source_id, dedup_key)
);
CREATE INDEX event_dedup_received ON event_dedup (received_at);

CREATE TABLE deliveries (
  id                uuid PRIMARY KEY,
  event_id          uuid NOT NULL,
  event_received_at timestamptz NOT NULL,
  account_id        char(12) NOT NULL,
  bus_id            uuid NOT NULL,
  rule_id           uuid NOT NULL,
  target_pk         uuid NOT NULL,
  -- '' for live traffic; the replay name otherwise, so a replay may deliver an event again.
  replay_name       text NOT NULL DEFAULT '',
  state             text NOT NULL CHECK (state IN ('pending', 'retrying', 'succeeded', 'dead_letter', 'skipped')),
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz,
  -- A worker's claim on the delivery while it calls the target; an expired lease may be retaken.
  lease_until       timestamptz,
  last_error        jsonb,
  dead_letter       jsonb,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, target_pk, replay_name)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state IN ('pending', 'retrying');
CREATE INDEX deliveries_account_state ON deliveries (account_id, state, created_at DESC);
CREATE INDEX deliveries_event ON deliveries (event_id);

CREATE TABLE attempts (
  id            bigserial PRIMARY KEY,
  delivery_id   uuid NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
  attempt_no    integer NOT NULL,
  started_at    timestamptz NOT NULL,
  duration_ms   integer NOT NULL,
  outcome       text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
  status_code   integer,
  error_code    text,
  error_message text,
  UNIQUE (delivery_id, attempt_no)
);

-- Creates the daily partitions of `events` for [from_day, from_day + days). Idempotent. A day that
-- already has rows in the default partition is skipped (attaching it would fail); those rows stay
-- readable there and age out with the default partition's retention sweep.
CREATE FUNCTION hb_ensure_event_partitions(from_day date, days integer) RETURNS integer
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
    -- Days are UTC days whatever the session's time zone.
    lo := d::timestamp AT TIME ZONE 'UTC';
    hi := (d + 1)::timestamp AT TIME ZONE 'UTC';
    part := 'events_' || to_char(d, 'YYYYMMDD');
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    CONTINUE WHEN EXISTS (SELECT 1 FROM events_default WHERE received_at >= lo AND received_at < hi);
    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    created := created + 1;
  END LOOP;
  RETURN created;
END $$;
