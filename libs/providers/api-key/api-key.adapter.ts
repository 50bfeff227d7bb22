import type { ProviderAdapter } from '../provider.js';
import { genericDedupKey, normalizeGeneric } from '../generic/generic.normalizer.js';
import { apiKeyOptions } from './api-key.options.js';
import { verifyApiKey } from './api-key.verifier.js';

export const apiKeyAdapter: ProviderAdapter = {
  scheme: 'api-key',
  verify: verifyApiKey,
  dedupKey: (request, options) => genericDedupKey(request, apiKeyOptions.readLenient(options)),
  normalize: (request, options) => normalizeGeneric(request, apiKeyOptions.readLenient(options)),
};
