import type { NormalizedWebhook, WebhookRequest } from '../provider.js';
import { jsonObjectBody } from '../shared/body.js';
import { toDetailJson } from '../shared/detail.js';
import { dateFromUnixSeconds, dedupValue, detailType, path, resourceList } from '../shared/fields.js';
import { mediaType } from '../shared/request.js';

/** The event `id` (`evt_…`): Stripe retries an event under the same id. */
export function stripeDedupKey(request: WebhookRequest): string | undefined {
  return dedupValue(path(jsonObjectBody(request.rawBody), 'id'));
}

/** detail-type = `type`, time = `created`, resources = `data.object.id`. */
export function normalizeStripe(request: WebhookRequest): NormalizedWebhook {
  const body = jsonObjectBody(request.rawBody);
  return {
    detailType: detailType(path(body, 'type'), 'Stripe Webhook'),
    time: dateFromUnixSeconds(path(body, 'created')),
    resources: resourceList(path(body, 'data', 'object', 'id')),
    detailJson: toDetailJson(request.rawBody, mediaType(request)),
  };
}
