import type { ProviderAdapter } from '../provider.js';
import { genericDedupKey, normalizeGeneric } from '../generic/generic.normalizer.js';
import { hmacOptions } from './hmac.options.js';
import { verifyHmac } from './hmac.verifier.js';

export const hmacAdapter: ProviderAdapter = {
  scheme: 'hmac',
  verify: verifyHmac,
  dedupKey: (request, options) => genericDedupKey(request, hmacOptions.readLenient(options)),
  normalize: (request, options) => normalizeGeneric(request, hmacOptions.readLenient(options)),
};
