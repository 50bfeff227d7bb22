import { z } from 'zod';
import { arn, listOf, pageOf, timestamp } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { EventBusesController } from './event-buses.controller.js';

const eventBus = z
  .object({
    name: z.string(),
    arn,
    kind: z.enum(['default', 'custom', 'partner']),
    state: z.enum(['ACTIVE', 'DELETED']),
    eventSourceName: z.string().optional().meta({ description: 'A partner bus: its source.' }),
    description: z.string().optional(),
    creationTime: timestamp,
    lastModifiedTime: timestamp,
  })
  .meta({ id: 'EventBus' });

const explanation = z
  .object({
    rule: z.string(),
    state: z.enum(['ENABLED', 'DISABLED']),
    matched: z.boolean(),
    path: z.string().optional().meta({ description: 'A miss: the first field path that failed.' }),
    operator: z.string().optional().meta({ description: 'A miss: the operator that failed there.' }),
    reason: z.string().optional(),
  })
  .meta({ id: 'RuleExplanation' });

export const eventBusesDocs = documentController(EventBusesController, {
  tag: 'Event buses',
  tagDescription: "The account's buses: `default`, custom ones, and partner buses named like their source.",
  params: { bus: 'The bus name, URL-encoded (a partner bus name contains `/`).' },
  operations: {
    create: {
      summary: 'Create an event bus, or associate a partner event source',
      description:
        'With `eventSourceName` (equal to `name`) this creates the partner bus of a source offered ' +
        'to the account: the association, PENDING → ACTIVE. A partner bus left DELETED by its ' +
        "source's deletion comes back with its rules.",
      response: eventBus,
      errors: {
        400: 'Also: a name that is not valid or starts with `aws.`, or differs from `eventSourceName`.',
        404: '`ResourceNotFoundException`: `eventSourceName` names no source offered to the account.',
        409: '`ResourceAlreadyExistsException`: a bus of that name exists.',
      },
    },
    list: { summary: "List the account's event buses", response: pageOf(eventBus) },
    get: { summary: 'Describe an event bus', response: eventBus },
    update: {
      summary: "Change an event bus's description",
      description: 'A merge patch: `description` left out is kept, `null` removes it.',
      response: eventBus,
    },
    explain: {
      summary: 'Explain which rules of a bus match an event',
      description: 'For each rule: matched, or the first field path and operator that failed.',
      response: listOf(explanation),
    },
    delete: {
      summary: 'Delete an event bus',
      description: 'Deleting a partner bus returns its source to PENDING (it expires unless re-associated).',
      errors: { 400: '`ValidationException`: the `default` bus cannot be deleted.' },
    },
  },
});
