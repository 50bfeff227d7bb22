import { z } from 'zod';
import { DELIVERY_STATES } from '#libs/domain';
import { pageOf, timestamp } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { DeliveriesController } from './deliveries.controller.js';

const delivery = z
  .object({
    id: z.string(),
    eventId: z.string(),
    bus: z.string(),
    rule: z.string(),
    target: z.string(),
    state: z.enum(DELIVERY_STATES),
    attempts: z.int(),
    nextAttemptAt: timestamp.optional().meta({ description: 'While pending or retrying.' }),
    lastError: z.unknown().optional().meta({ description: "The last attempt's error." }),
    deadLetterAttributes: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({
        description:
          "A dead letter's attributes, with AWS's names: `ERROR_CODE`, `ERROR_MESSAGE`, " +
          '`EXHAUSTED_RETRY_CONDITION`, `RETRY_ATTEMPTS`, `RULE_ARN`, `TARGET_ARN`.',
      }),
    replayName: z.string().optional(),
    createdAt: timestamp,
  })
  .meta({ id: 'Delivery' });

export const deliveriesDocs = documentController(DeliveriesController, {
  tag: 'Deliveries',
  tagDescription: 'One event × rule × target each, with its attempts; redrive of dead letters.',
  operations: {
    list: {
      summary: 'List deliveries',
      description: 'Newest first, filtered by state, bus, rule, target, `errorCode` and creation time.',
      response: pageOf(delivery),
    },
    redriveMany: {
      summary: 'Redrive dead letters by filter',
      description:
        'The dead letters matching the filter go back to pending with a fresh retry budget (at most ' +
        '10 000 per call); `dryRun: true` only counts them. An unknown filter member is a 400.',
      response: z.object({ matched: z.int(), redriven: z.int() }),
    },
    redriveOne: {
      summary: 'Redrive one dead letter',
      params: { id: 'The delivery id.' },
      response: z.object({ redriven: z.int() }),
      errors: { 400: '`ValidationException`: the delivery is not a dead letter.' },
    },
  },
});
