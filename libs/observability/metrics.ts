import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; gateway and worker in one process share it. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'hookbridge_' });

const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const metrics = {
  ingestRequests: new Counter({
    name: 'hookbridge_ingest_requests_total',
    help: 'Webhooks received, by outcome (accepted, duplicate, or the error code).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  ingestDuration: new Histogram({
    name: 'hookbridge_ingest_duration_seconds',
    help: 'Time from receiving a webhook to answering it.',
    buckets: latencyBuckets,
    registers: [registry],
  }),
  commitBatchSize: new Histogram({
    name: 'hookbridge_event_commit_batch_size',
    help: 'Events per group commit.',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [registry],
  }),
  eventsRouted: new Counter({
    name: 'hookbridge_events_routed_total',
    help: 'Events routed, by result (routed, held, expired, dropped).',
    labelNames: ['result'] as const,
    registers: [registry],
  }),
  routeQueueWait: new Histogram({
    name: 'hookbridge_route_queue_wait_seconds',
    help: 'Time a route job waited in its queue, from its add (its events committed) to a worker taking it; first tries only.',
    buckets: latencyBuckets,
    registers: [registry],
  }),
  routeDuration: new Histogram({
    name: 'hookbridge_route_duration_seconds',
    help: 'Time to route one route job (a batch of events), from its start to its statement committed.',
    buckets: latencyBuckets,
    registers: [registry],
  }),
  deliveries: new Counter({
    name: 'hookbridge_deliveries_total',
    help: 'Delivery attempts, by target type and outcome (succeeded, retry, dead_letter, skipped).',
    labelNames: ['target_type', 'outcome'] as const,
    registers: [registry],
  }),
  deliveriesParked: new Counter({
    name: 'hookbridge_deliveries_parked_total',
    help: 'Deliveries put back without spending an attempt, by reason (CircuitOpen, RateLimited, TargetBusy, WaitingForPredecessor).',
    labelNames: ['reason'] as const,
    registers: [registry],
  }),
  targetRequestsResent: new Counter({
    name: 'hookbridge_target_requests_resent_total',
    help: 'HTTP target requests made again at once on another connection because the kept-alive connection they were written on was closed or reset before any answer (the target closing an idle connection just then).',
    registers: [registry],
  }),
  slotGrants: new Counter({
    name: 'hookbridge_slot_grants_total',
    help: "Slots of a target given back to the first in its line, by who made that delivery's attempt: the worker that gave the slot back (worker) or the parked job, woken (job).",
    labelNames: ['taken'] as const,
    registers: [registry],
  }),
  deliveryDuration: new Histogram({
    name: 'hookbridge_delivery_duration_seconds',
    help: 'Duration of one delivery attempt.',
    labelNames: ['target_type'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  }),
  eventToDelivery: new Histogram({
    name: 'hookbridge_event_to_delivery_seconds',
    help: 'Time from receiving an event to its successful delivery.',
    buckets: latencyBuckets,
    registers: [registry],
  }),
  firstAttemptsRecordedByRouting: new Counter({
    name: 'hookbridge_first_attempts_recorded_by_routing_total',
    help: 'Successful first attempts made before their routing statement was sent and recorded by it, with no statement of their own.',
    registers: [registry],
  }),
  sweeperRequeued: new Counter({
    name: 'hookbridge_sweeper_requeued_total',
    help: 'Jobs the sweeper re-enqueued because they had not progressed (lost or delayed jobs).',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
};
