import type { NormalizedWebhook, WebhookRequest } from '../provider.js';
import { jsonObjectBody } from '../shared/body.js';
import { toDetailJson } from '../shared/detail.js';
import { dateFromIso, dedupValue, detailType, path, resourceList } from '../shared/fields.js';
import { header, mediaType } from '../shared/request.js';

/** X-Zendesk-Webhook-Invocation-Id, kept across Zendesk's retries of one invocation. */
export function zendeskDedupKey(request: WebhookRequest): string | undefined {
  return dedupValue(header(request, 'x-zendesk-webhook-invocation-id'));
}

/**
 * detail-type = `type` (e.g. `zen:event-type:ticket.created`), time = `time`, resources =
 * `subject` (e.g. `zen:ticket:123`). Trigger/automation webhooks have a body of the partner's own
 * design and usually no `type`, hence the fallback.
 */
export function normalizeZendesk(request: WebhookRequest): NormalizedWebhook {
  const body = jsonObjectBody(request.rawBody);
  return {
    detailType: detailType(path(body, 'type'), 'Zendesk Webhook'),
    time: dateFromIso(path(body, 'time')),
    resources: resourceList(path(body, 'subject')),
    detailJson: toDetailJson(request.rawBody, mediaType(request)),
  };
}
