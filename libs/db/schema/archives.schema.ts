import { char, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type ArchiveState = 'ENABLED' | 'DISABLED';
export type ReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

/** An archive of one bus's events (see migrations/0003_archives.sql). */
export const archives = pgTable('archives', {
  id: uuid('id').primaryKey(),
  accountId: char('account_id', { length: 12 }).notNull(),
  /** COLLATE "C" (migration 0009): lists order and page by it in code-point order. */
  name: text('name').notNull(),
  busId: uuid('bus_id').notNull(),
  busName: text('bus_name').notNull(),
  eventPattern: text('event_pattern'),
  retentionDays: integer('retention_days').notNull().default(0),
  state: text('state').$type<ArchiveState>().notNull().default('ENABLED'),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Archive membership: the event is stored once in `events`, however many archives hold it. */
export const archiveEvents = pgTable('archive_events', {
  archiveId: uuid('archive_id').notNull(),
  eventId: uuid('event_id').notNull(),
  eventReceivedAt: timestamp('event_received_at', { withTimezone: true }).notNull(),
  eventTime: timestamp('event_time', { withTimezone: true }).notNull(),
  sizeBytes: integer('size_bytes').notNull(),
});

export const replays = pgTable('replays', {
  id: uuid('id').primaryKey(),
  accountId: char('account_id', { length: 12 }).notNull(),
  /** COLLATE "C" (migration 0009): lists order and page by it in code-point order. */
  name: text('name').notNull(),
  description: text('description'),
  archiveId: uuid('archive_id').notNull(),
  archiveName: text('archive_name').notNull(),
  eventStartTime: timestamp('event_start_time', { withTimezone: true }).notNull(),
  eventEndTime: timestamp('event_end_time', { withTimezone: true }).notNull(),
  destinationBus: text('destination_bus').notNull(),
  filterRules: text('filter_rules').array(),
  targetId: text('target_id'),
  state: text('state').$type<ReplayState>().notNull(),
  stateReason: text('state_reason'),
  eventsTotal: integer('events_total').notNull().default(0),
  eventsReplayed: integer('events_replayed').notNull().default(0),
  deliveriesCreated: integer('deliveries_created').notNull().default(0),
  slicesDone: integer('slices_done').notNull().default(0),
  cursorTime: timestamp('cursor_time', { withTimezone: true }),
  cursorEventId: uuid('cursor_event_id'),
  replayStartTime: timestamp('replay_start_time', { withTimezone: true }),
  replayEndTime: timestamp('replay_end_time', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
