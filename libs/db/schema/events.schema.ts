import { char, customType, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export type EventState = 'received' | 'held' | 'routed' | 'expired';

export const events = pgTable('events', {
  id: uuid('id').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  accountId: char('account_id', { length: 12 }).notNull(),
  sourceId: uuid('source_id'),
  sourceName: text('source_name').notNull(),
  busName: text('bus_name'),
  state: text('state').$type<EventState>().notNull(),
  dedupKey: text('dedup_key').notNull(),
  rawBody: bytea('raw_body').notNull(),
  headers: jsonb('headers').$type<Record<string, string>>().notNull(),
  detailType: text('detail_type'),
  eventTime: timestamp('event_time', { withTimezone: true }),
  envelope: text('envelope'),
  matchedRules: integer('matched_rules'),
  routedAt: timestamp('routed_at', { withTimezone: true }),
});

export const eventDedup = pgTable('event_dedup', {
  sourceId: uuid('source_id').notNull(),
  dedupKey: text('dedup_key').notNull(),
  eventId: uuid('event_id').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
});
