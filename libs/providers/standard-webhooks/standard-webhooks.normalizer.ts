import type { NormalizedWebhook, WebhookRequest } from '../provider.js';
import { jsonObjectBody } from '../shared/body.js';
import { toDetailJson } from '../shared/detail.js';
import { dateFromIso, dedupValue, detailType, path } from '../shared/fields.js';
import { header, mediaType } from '../shared/request.js';
import { headerSet } from './standard-webhooks.verifier.js';

/** `webhook-id` (or `svix-id`): the spec's idempotency key, the same on every retry. */
export function standardWebhooksDedupKey(request: WebhookRequest): string | undefined {
  return dedupValue(header(request, `${headerSet(request)}-id`));
}

/** The spec's recommended payload: `{type, timestamp, data}`; detail-type = `type`. */
export function normalizeStandardWebhooks(request: WebhookRequest): NormalizedWebhook {
  const body = jsonObjectBody(request.rawBody);
  return {
    detailType: detailType(path(body, 'type'), 'Webhook'),
    time: dateFromIso(path(body, 'timestamp')),
    resources: [],
    detailJson: toDetailJson(request.rawBody, mediaType(request)),
  };
}
