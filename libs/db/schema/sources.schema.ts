import { char, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type SourceState = 'PENDING' | 'ACTIVE' | 'DELETED';

export const partnerEventSources = pgTable('partner_event_sources', {
  id: uuid('id').primaryKey(),
  /** COLLATE "C" (migration 0009): lists order and page by it in code-point order. */
  name: text('name').notNull(),
  partnerName: text('partner_name').notNull(),
  accountId: char('account_id', { length: 12 }).notNull(),
  state: text('state').$type<SourceState>().notNull(),
  ingestId: text('ingest_id').notNull(),
  scheme: text('scheme').notNull(),
  options: jsonb('options').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
});

export const sourceSecrets = pgTable('source_secrets', {
  id: uuid('id').primaryKey(),
  sourceId: uuid('source_id').notNull(),
  secretEnc: text('secret_enc').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
});
