import { z } from 'zod';
import { arn, pageOf, timestamp } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { EventSourcesController } from './event-sources.controller.js';

const eventSource = z
  .object({
    name: z.string(),
    arn,
    createdBy: z.string().meta({ description: 'The partner.' }),
    state: z.enum(['PENDING', 'ACTIVE', 'DELETED']),
    creationTime: timestamp,
    expirationTime: timestamp.optional().meta({ description: 'When a PENDING source expires.' }),
  })
  .meta({ id: 'EventSource' });

export const eventSourcesDocs = documentController(EventSourcesController, {
  tag: 'Event sources',
  tagDescription:
    'The partner event sources offered to the account. Creating the partner bus (`POST ' +
    '/v1/event-buses` with `eventSourceName`) associates one: PENDING → ACTIVE.',
  params: { name: 'The source name, URL-encoded (it contains `/`).' },
  operations: {
    list: { summary: 'List the event sources offered to the account', response: pageOf(eventSource) },
    describe: { summary: 'Describe an event source', response: eventSource },
    activate: {
      summary: 'Activate an event source',
      description: 'PENDING → ACTIVE again, for a source whose partner bus exists; held events are released.',
      errors: { 409: '`InvalidStateException`: the source is ACTIVE already, or has no partner bus.' },
    },
    deactivate: {
      summary: 'Deactivate an event source',
      description: 'ACTIVE → PENDING; the bus and its rules stay. It expires if left PENDING.',
      errors: { 409: '`InvalidStateException`: the source is not ACTIVE.' },
    },
  },
});
