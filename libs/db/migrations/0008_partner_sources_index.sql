-- A partner's event sources in the order its lists read them: by name, then newest first
-- (GET /v1/partner-event-sources and …/{name}/accounts, the EventBridge API's
-- ListPartnerEventSources and ListPartnerEventSourceAccounts). Without it every page of one
-- partner's list scanned and sorted the sources of every partner. Indexes are not declared in the
-- Drizzle schema (libs/db/schema/sources.schema.ts): its columns are unchanged.
CREATE INDEX IF NOT EXISTS partner_event_sources_partner
  ON partner_event_sources (partner_name, name, created_at DESC, id DESC);
