import type { NormalizedWebhook, WebhookRequest } from '../provider.js';
import { toDetailJson } from '../shared/detail.js';
import { dedupValue, detailType } from '../shared/fields.js';
import { header, mediaType } from '../shared/request.js';

/** The envelope settings every generic scheme (`hmac`, `basic`, `api-key`, `none`) accepts. */
export interface GenericEnvelopeOptions {
  readonly idHeader?: string;
  readonly detailTypeHeader?: string;
}

/** Dedup on the configured `idHeader`, if any. */
export function genericDedupKey(request: WebhookRequest, o: GenericEnvelopeOptions): string | undefined {
  return o.idHeader ? dedupValue(header(request, o.idHeader)) : undefined;
}

/** `detail-type` from the configured `detailTypeHeader`, else `Webhook`; no time or resources. */
export function normalizeGeneric(request: WebhookRequest, o: GenericEnvelopeOptions): NormalizedWebhook {
  return {
    detailType: detailType(o.detailTypeHeader ? header(request, o.detailTypeHeader) : undefined, 'Webhook'),
    resources: [],
    detailJson: toDetailJson(request.rawBody, mediaType(request)),
  };
}
