import type { ProviderAdapter } from '../provider.js';
import { normalizeStandardWebhooks, standardWebhooksDedupKey } from './standard-webhooks.normalizer.js';
import { verifyStandardWebhooks } from './standard-webhooks.verifier.js';

export const standardWebhooksAdapter: ProviderAdapter = {
  scheme: 'standard-webhooks',
  verify: verifyStandardWebhooks,
  dedupKey: standardWebhooksDedupKey,
  normalize: normalizeStandardWebhooks,
};
