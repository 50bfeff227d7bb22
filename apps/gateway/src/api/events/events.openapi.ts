import { z } from 'zod';
import { DELIVERY_STATES } from '#libs/domain';
import { timestamp } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { EventsController } from './events.controller.js';

const EVENT_STATES = ['received', 'held', 'routed', 'expired'] as const;

/** PutEvents' and PutPartnerEvents' answer: one result per entry, in order. */
export const putEventsResult = z
  .object({
    failedEntryCount: z.int(),
    entries: z.array(
      z.union([
        z.object({ eventId: z.string() }),
        z.object({ errorCode: z.string(), errorMessage: z.string() }),
      ]),
    ),
  })
  .meta({ id: 'PutEventsResult' });

const eventSummary = z
  .object({
    id: z.string(),
    source: z.string(),
    detailType: z.string().optional(),
    state: z.enum(EVENT_STATES),
    receivedAt: timestamp,
  })
  .meta({ id: 'EventSummary' });

const attempt = z.object({
  attempt: z.int(),
  startedAt: timestamp,
  durationMs: z.int(),
  outcome: z.enum(['succeeded', 'failed']),
  statusCode: z.int().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
});

const trace = z
  .object({
    id: z.string(),
    state: z.enum(EVENT_STATES),
    source: z.string(),
    receivedAt: timestamp,
    routedAt: timestamp.optional(),
    envelope: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'The EventBridge envelope, once the event is normalized.' }),
    deliveries: z.array(
      z.object({
        id: z.string(),
        bus: z.string(),
        rule: z.string(),
        target: z.string(),
        replayName: z.string().optional(),
        state: z.enum(DELIVERY_STATES),
        attempts: z.array(attempt),
      }),
    ),
  })
  .meta({ id: 'EventTrace' });

export const eventsDocs = documentController(EventsController, {
  tag: 'Events',
  tagDescription: "The account's events: search, PutEvents, an event's trace, TestEventPattern.",
  operations: {
    list: {
      summary: 'Search events',
      description:
        'Newest first, in `from`–`to` (default: the last 24 h), by `source`, `detailType` and ' +
        '`pattern` (an event pattern as JSON, matched against each stored envelope). A pattern ' +
        'search looks at up to `maxScan` events per request and answers how many it `scanned`; ' +
        'its `nextToken` goes on after the last event looked at.',
      response: z.object({
        items: z.array(eventSummary),
        nextToken: z.string().optional(),
        scanned: z.int().optional().meta({ description: 'With a pattern: events looked at.' }),
      }),
      errors: { 400: '`InvalidEventPatternException`: the pattern is not valid.' },
    },
    putEvents: {
      summary: 'Put custom events on buses (PutEvents)',
      description: '1–10 entries; an entry that fails fails alone (see `failedEntryCount`).',
      response: putEventsResult,
    },
    get: {
      summary: 'An event and its trace',
      description: 'The envelope, and each delivery it caused (rule × target) with every attempt.',
      params: { id: 'The event id (`eventId` of ingest or PutEvents).' },
      response: trace,
    },
    test: {
      summary: 'Test an event pattern (TestEventPattern)',
      description: 'Pattern and event are JSON text (as AWS takes them) or objects.',
      response: z.object({ result: z.boolean() }),
      errors: { 400: '`InvalidEventPatternException`: the pattern is not valid.' },
    },
  },
});
