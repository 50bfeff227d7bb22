import { char, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type ConnectionAuthorizationType = 'BASIC' | 'API_KEY' | 'OAUTH_CLIENT_CREDENTIALS';

/** Connections of API destinations (migration 0002). */
export const connections = pgTable('connections', {
  id: uuid('id').primaryKey(),
  accountId: char('account_id', { length: 12 }).notNull(),
  /** COLLATE "C" (migration 0009): lists order and page by it in code-point order. */
  name: text('name').notNull(),
  description: text('description'),
  authorizationType: text('authorization_type').$type<ConnectionAuthorizationType>().notNull(),
  /** The AWS-shaped AuthParameters with every secret value removed. */
  authParameters: jsonb('auth_parameters').$type<Record<string, unknown>>().notNull(),
  /** The secret values, sealed with SecretBox. */
  secretsEnc: text('secrets_enc').notNull(),
  state: text('state').notNull().default('AUTHORIZED'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  lastAuthorizedAt: timestamp('last_authorized_at', { withTimezone: true }).notNull().defaultNow(),
});

/** API destinations: an endpoint and method called under a connection (migration 0002). */
export const apiDestinations = pgTable('api_destinations', {
  id: uuid('id').primaryKey(),
  accountId: char('account_id', { length: 12 }).notNull(),
  /** COLLATE "C" (migration 0009): lists order and page by it in code-point order. */
  name: text('name').notNull(),
  description: text('description'),
  connectionId: uuid('connection_id'),
  connectionArn: text('connection_arn').notNull(),
  invocationEndpoint: text('invocation_endpoint').notNull(),
  httpMethod: text('http_method').notNull(),
  rateLimitPerSecond: integer('rate_limit_per_second'),
  state: text('state').$type<'ACTIVE' | 'INACTIVE'>().notNull().default('ACTIVE'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Tags of an event bus (busId) or a rule (ruleId) (migration 0002). */
export const resourceTags = pgTable('resource_tags', {
  accountId: char('account_id', { length: 12 }).notNull(),
  busId: uuid('bus_id'),
  ruleId: uuid('rule_id'),
  /** COLLATE "C" (migration 0009): lists order and page by it in code-point order. */
  key: text('key').notNull(),
  value: text('value').notNull(),
});
