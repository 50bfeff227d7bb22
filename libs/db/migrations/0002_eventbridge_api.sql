-- The EventBridge-compatible API: connections, API destinations, tags on buses and rules, and how a
-- target was defined through that API. Keep libs/db/schema/eventbridge-api.schema.ts in step.

-- A connection: how an API destination authorises. Public auth parameters (Username, ApiKeyName,
-- ClientID, endpoints) are kept as AWS shapes them; every secret value lives sealed in secrets_enc.
CREATE TABLE connections (
  id                  uuid PRIMARY KEY,
  account_id          char(12) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name                text NOT NULL,
  description         text,
  authorization_type  text NOT NULL CHECK (authorization_type IN ('BASIC', 'API_KEY', 'OAUTH_CLIENT_CREDENTIALS')),
  auth_parameters     jsonb NOT NULL,
  secrets_enc         text NOT NULL,
  state               text NOT NULL DEFAULT 'AUTHORIZED',
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  last_authorized_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, name)
);

-- An API destination: an HTTP endpoint and method called under a connection. connection_arn stays
-- when the connection is deleted (AWS still reports it); connection_id then becomes null.
CREATE TABLE api_destinations (
  id                     uuid PRIMARY KEY,
  account_id             char(12) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name                   text NOT NULL,
  description            text,
  connection_id          uuid REFERENCES connections(id) ON DELETE SET NULL,
  connection_arn         text NOT NULL,
  invocation_endpoint    text NOT NULL,
  http_method            text NOT NULL,
  rate_limit_per_second  integer,
  state                  text NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'INACTIVE')),
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, name)
);
CREATE INDEX api_destinations_connection ON api_destinations (connection_id);

-- Tags of an event bus or a rule; they go with their resource.
CREATE TABLE resource_tags (
  account_id  char(12) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  bus_id      uuid REFERENCES event_buses(id) ON DELETE CASCADE,
  rule_id     uuid REFERENCES rules(id) ON DELETE CASCADE,
  key         text NOT NULL,
  value       text NOT NULL,
  CHECK ((bus_id IS NULL) <> (rule_id IS NULL))
);
CREATE UNIQUE INDEX resource_tags_bus_key ON resource_tags (bus_id, key) WHERE bus_id IS NOT NULL;
CREATE UNIQUE INDEX resource_tags_rule_key ON resource_tags (rule_id, key) WHERE rule_id IS NOT NULL;

-- A target put through the EventBridge API keeps its AWS definition (echoed by ListTargetsByRule)
-- and, when its ARN names an API destination, the destination it was resolved from: updating the
-- destination or its connection re-resolves these targets. A REST write clears both.
ALTER TABLE targets ADD COLUMN aws_definition jsonb;
ALTER TABLE targets ADD COLUMN api_destination_id uuid REFERENCES api_destinations(id) ON DELETE SET NULL;
CREATE INDEX targets_api_destination ON targets (api_destination_id) WHERE api_destination_id IS NOT NULL;
