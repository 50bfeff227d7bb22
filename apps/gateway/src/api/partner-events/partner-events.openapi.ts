import { documentController } from '../../docs/operation-doc.js';
import { putEventsResult } from '../events/events.openapi.js';
import { PartnerEventsController } from './partner-events.controller.js';

export const partnerEventsDocs = documentController(PartnerEventsController, {
  tag: 'Partner event sources',
  operations: {
    putPartnerEvents: {
      summary: 'Put events from partner sources (PutPartnerEvents)',
      description:
        'Events without a webhook: 1–20 entries, each with the `source` name of one of the ' +
        "partner's sources. An entry that fails fails alone.",
      response: putEventsResult,
    },
  },
});
