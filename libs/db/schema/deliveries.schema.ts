import { bigserial, char, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type DeliveryState = 'pending' | 'retrying' | 'succeeded' | 'dead_letter' | 'skipped';

/** The AWS dead-letter attributes kept on a delivery that gave up. */
export interface DeadLetterAttributes {
  ERROR_CODE: string;
  ERROR_MESSAGE: string;
  EXHAUSTED_RETRY_CONDITION?: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';
  RETRY_ATTEMPTS: number;
  RULE_ARN: string;
  TARGET_ARN: string;
}

export interface LastError {
  code: string;
  message: string;
  statusCode?: number;
}

export const deliveries = pgTable('deliveries', {
  id: uuid('id').primaryKey(),
  eventId: uuid('event_id').notNull(),
  eventReceivedAt: timestamp('event_received_at', { withTimezone: true }).notNull(),
  accountId: char('account_id', { length: 12 }).notNull(),
  busId: uuid('bus_id').notNull(),
  ruleId: uuid('rule_id').notNull(),
  targetPk: uuid('target_pk').notNull(),
  replayName: text('replay_name').notNull().default(''),
  orderingKey: text('ordering_key'),
  redriveCount: integer('redrive_count').notNull().default(0),
  retryAttemptBase: integer('retry_attempt_base').notNull().default(0),
  retryWindowStart: timestamp('retry_window_start', { withTimezone: true }),
  state: text('state').$type<DeliveryState>().notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  lastError: jsonb('last_error').$type<LastError>(),
  deadLetter: jsonb('dead_letter').$type<DeadLetterAttributes>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const attempts = pgTable('attempts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  deliveryId: uuid('delivery_id').notNull(),
  attemptNo: integer('attempt_no').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  durationMs: integer('duration_ms').notNull(),
  outcome: text('outcome').$type<'succeeded' | 'failed'>().notNull(),
  statusCode: integer('status_code'),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
});
