import type { NormalizedWebhook } from '#libs/providers';

/** The envelope fields Hookbridge sets around a partner's detail. */
export interface EnvelopeFields {
  id: string;
  source: string;
  account: string;
  region: string;
  time: Date;
}

/**
 * Builds the EventBridge envelope as JSON text. `detail` is spliced in as the normalizer's exact
 * JSON text, so number text such as `300.0` reaches pattern matching and targets unchanged.
 */
export function buildEnvelope(f: EnvelopeFields, n: NormalizedWebhook): string {
  const head = {
    version: '0',
    id: f.id,
    'detail-type': n.detailType,
    source: f.source,
    account: f.account,
    time: f.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: f.region,
    resources: n.resources,
  };
  const text = JSON.stringify(head);
  return `${text.slice(0, -1)},"detail":${n.detailJson}}`;
}
