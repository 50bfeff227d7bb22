import type { NormalizedWebhook, WebhookRequest } from '../provider.js';
import { jsonObjectBody } from '../shared/body.js';
import { toDetailJson } from '../shared/detail.js';
import { dateFromIso, dedupValue, detailType, path, resourceList } from '../shared/fields.js';
import { firstHeader, mediaType } from '../shared/request.js';

function shopifyHeader(request: WebhookRequest, suffix: string): string | undefined {
  return firstHeader(request, [`x-shopify-${suffix}`, `shopify-${suffix}`])?.value;
}

/** X-Shopify-Webhook-Id: the same for every retry of one delivery. */
export function shopifyDedupKey(request: WebhookRequest): string | undefined {
  return dedupValue(shopifyHeader(request, 'webhook-id'));
}

/** detail-type = topic (e.g. `orders/create`), time = triggered-at, resources = GraphQL id. */
export function normalizeShopify(request: WebhookRequest): NormalizedWebhook {
  const body = jsonObjectBody(request.rawBody);
  return {
    detailType: detailType(shopifyHeader(request, 'topic'), 'Shopify Webhook'),
    time: dateFromIso(shopifyHeader(request, 'triggered-at')),
    resources: resourceList(path(body, 'admin_graphql_api_id')),
    detailJson: toDetailJson(request.rawBody, mediaType(request)),
  };
}
