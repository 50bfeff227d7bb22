import { char, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type BusKind = 'default' | 'custom' | 'partner';

export const eventBuses = pgTable('event_buses', {
  id: uuid('id').primaryKey(),
  accountId: char('account_id', { length: 12 }).notNull(),
  /** COLLATE "C" (migration 0009): lists order and page by it in code-point order. */
  name: text('name').notNull(),
  kind: text('kind').$type<BusKind>().notNull(),
  eventSourceName: text('event_source_name'),
  state: text('state').$type<'ACTIVE' | 'DELETED'>().notNull().default('ACTIVE'),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const rules = pgTable('rules', {
  id: uuid('id').primaryKey(),
  accountId: char('account_id', { length: 12 }).notNull(),
  busId: uuid('bus_id').notNull(),
  /** COLLATE "C" (migration 0009): lists order and page by it in code-point order. */
  name: text('name').notNull(),
  eventPattern: text('event_pattern').notNull(),
  state: text('state').$type<'ENABLED' | 'DISABLED'>().notNull().default('ENABLED'),
  description: text('description'),
  /** The IAM role ARN the rule was put with (migration 0007): stored and returned, never assumed. */
  roleArn: text('role_arn'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const targets = pgTable('targets', {
  id: uuid('id').primaryKey(),
  accountId: char('account_id', { length: 12 }).notNull(),
  ruleId: uuid('rule_id').notNull(),
  /** COLLATE "C" (migration 0009): lists order and page by it in code-point order. */
  targetId: text('target_id').notNull(),
  type: text('type').$type<'http' | 'eventbridge' | 'bus'>().notNull(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  secretsEnc: text('secrets_enc'),
  state: text('state').$type<'ENABLED' | 'DISABLED'>().notNull().default('ENABLED'),
  disabledReason: text('disabled_reason'),
  /** The target as the EventBridge API defined it (migration 0002); null for REST-defined targets. */
  awsDefinition: jsonb('aws_definition').$type<Record<string, unknown>>(),
  /** The API destination the target was resolved from (migration 0002). */
  apiDestinationId: uuid('api_destination_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
