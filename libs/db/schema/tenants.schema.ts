import { char, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const accounts = pgTable('accounts', {
  id: char('id', { length: 12 }).primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const partners = pgTable('partners', {
  /** COLLATE "C" (migration 0009): lists order and page by it in code-point order. */
  name: text('name').primaryKey(),
  scheme: text('scheme').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  role: text('role', { enum: ['account', 'partner'] }).notNull(),
  accountId: char('account_id', { length: 12 }),
  partnerName: text('partner_name'),
  tokenHash: text('token_hash').notNull(),
  tokenPrefix: text('token_prefix').notNull(),
  accessKeyId: text('access_key_id').notNull(),
  secretAccessKeyEnc: text('secret_access_key_enc').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
