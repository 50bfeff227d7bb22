import type { ProviderAdapter } from '../provider.js';
import { normalizeZendesk, zendeskDedupKey } from './zendesk.normalizer.js';
import { verifyZendesk } from './zendesk.verifier.js';

export const zendeskAdapter: ProviderAdapter = {
  scheme: 'zendesk',
  verify: verifyZendesk,
  dedupKey: zendeskDedupKey,
  normalize: normalizeZendesk,
};
