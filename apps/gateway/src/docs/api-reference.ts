import { adminDocs } from '../api/admin/admin.openapi.js';
import { apiDestinationsDocs } from '../api/api-destinations/api-destinations.openapi.js';
import { archivesDocs } from '../api/archives/archives.openapi.js';
import { connectionsDocs } from '../api/connections/connections.openapi.js';
import { deliveriesDocs } from '../api/deliveries/deliveries.openapi.js';
import { eventBusesDocs } from '../api/event-buses/event-buses.openapi.js';
import { rulesDocs } from '../api/event-buses/rules.openapi.js';
import { eventSourcesDocs } from '../api/event-sources/event-sources.openapi.js';
import { eventsDocs } from '../api/events/events.openapi.js';
import { partnerEventSourcesDocs } from '../api/partner-event-sources/partner-event-sources.openapi.js';
import { partnerEventsDocs } from '../api/partner-events/partner-events.openapi.js';
import { replaysDocs } from '../api/replays/replays.openapi.js';
import { whoamiDocs } from '../api/whoami/whoami.openapi.js';
import type { ControllerDoc } from './operation-doc.js';

/**
 * The documented REST controllers, in the order the reference shows their tags. A controller left
 * out is missing from the document, which the docs test catches (it compares with the routes served).
 */
export const API_REFERENCE: readonly ControllerDoc[] = [
  whoamiDocs,
  adminDocs,
  partnerEventSourcesDocs,
  partnerEventsDocs,
  eventSourcesDocs,
  eventBusesDocs,
  rulesDocs,
  eventsDocs,
  deliveriesDocs,
  archivesDocs,
  replaysDocs,
  connectionsDocs,
  apiDestinationsDocs,
];
