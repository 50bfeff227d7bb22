import type { JobsOptions } from 'bullmq';

/**
 * The one place that defines Hookbridge's queues: names, the payload of each job, and the options
 * that go with it. Payloads carry ids, which consumers reload from PostgreSQL; a route job from
 * ingest also carries its events (see CarriedEvent).
 */
export const QueueName = {
  Route: 'route',
  Deliver: 'deliver',
  Replay: 'replay',
  Maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/**
 * An event as the route job that ingest adds for it carries it: what routing needs, exactly as
 * committed, so that the worker does not read it back. Routing still commits only if the event is
 * waiting and its source (if any) is ACTIVE at that moment; otherwise the event is reloaded and
 * routed from its row.
 */
export interface CarriedEvent {
  id: string;
  accountId: string;
  sourceId: string | null;
  sourceName: string;
  busName: string | null;
  /** The raw body, base64; absent when the event came with its envelope. */
  rawBody?: string;
  headers: Record<string, string>;
  detailType: string | null;
  /** ISO 8601. */
  eventTime: string | null;
  envelope: string | null;
  /** The source's verification scheme and options when the webhook was accepted. */
  scheme?: string;
  options?: Record<string, unknown>;
}

export interface JobPayloads {
  /**
   * Events committed together (one ingest group commit, or one sweep), routed together: one job,
   * one read and one routing statement for the lot. `events` carries some or all of them (ingest's
   * jobs); the others are read. Jobs of older versions carry `eventId`.
   */
  route: { eventIds: string[]; events?: CarriedEvent[] } | { eventId: string };
  /** `attempt` is the number of the attempt this job makes; `targetPk` lets admission run before any query. */
  deliver: { deliveryId: string; targetPk: string; attempt: number };
  /** Runs the next slice of a replay; the replay row holds the cursor. */
  replay: { replayId: string };
  maintenance: { task: MaintenanceTask };
}

export const MaintenanceTask = {
  Expire: 'expire',
  Partitions: 'partitions',
} as const;
export type MaintenanceTask = (typeof MaintenanceTask)[keyof typeof MaintenanceTask];

/**
 * Jobs are deleted once done: PostgreSQL holds the history, and a job id that is gone can be added
 * again by the sweeper. A failed job (a bug, not a target failure) is kept a day for inspection.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { age: 86_400, count: 10_000 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
};

/** The most events one route job carries. */
export const ROUTE_BATCH_MAX = 100;

/**
 * Events carried in one route job at most, in bytes of body or envelope: past it, the rest go by id
 * only. A backlog of route jobs waits in Redis's memory, so what they carry is bounded.
 */
export const ROUTE_CARRY_MAX_BYTES = 256 * 1024;
/** An event whose body or envelope is larger than this goes by id only. */
export const CARRIED_EVENT_MAX_BYTES = 16 * 1024;
/**
 * Route jobs waiting past which new ones carry ids only (the worker reads the events back): a long
 * backlog then costs Redis about a hundred bytes an event instead of the webhook. Those waiting
 * still carry at most ROUTE_CARRY_MAX_BYTES each, and usually a few events of about a kilobyte.
 */
export const ROUTE_CARRY_MAX_WAITING = 500;
/** How often a process that adds route jobs reads how many wait. */
export const ROUTE_WAITING_POLL_MS = 500;

/** The events of a route job, whichever version wrote it. */
export const routeEventIds = (p: JobPayloads['route']): string[] =>
  'eventIds' in p ? p.eventIds : [p.eventId];

/** The events a route job carries (none for jobs of the sweeper or older versions). */
export const routeCarriedEvents = (p: JobPayloads['route']): CarriedEvent[] =>
  'events' in p ? (p.events ?? []) : [];

/** Deterministic job ids make every enqueue idempotent (BullMQ ignores a duplicate id). */
export const jobId = {
  // A single event keeps the id it always had, so enqueueing it again (sweeper, release of held
  // events) is a no-op while its job exists; a batch is named by its first event and its size.
  route: (eventIds: readonly string[]): string =>
    eventIds.length === 1 ? `route_${eventIds[0]}` : `route_${eventIds[0]}_${eventIds.length}`,
  // The attempt number is part of the id so a retry can be scheduled while the current job runs.
  deliver: (p: Pick<JobPayloads['deliver'], 'deliveryId' | 'attempt'>): string =>
    `deliver_${p.deliveryId}_${p.attempt}`,
  // One id per slice. The sweeper's re-enqueue has its own id: the job it replaces may be stuck
  // "active" under a dead worker's lock. Two runs of a slice are harmless (the cursor is compared).
  replay: (p: JobPayloads['replay'] & { slice: number; sweep?: boolean }): string =>
    `replay_${p.replayId}_${p.slice}${p.sweep ? '_sweep' : ''}`,
};
