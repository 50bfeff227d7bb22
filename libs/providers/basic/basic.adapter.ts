import type { ProviderAdapter } from '../provider.js';
import { genericDedupKey, normalizeGeneric } from '../generic/generic.normalizer.js';
import { basicOptions } from './basic.options.js';
import { verifyBasic } from './basic.verifier.js';

export const basicAdapter: ProviderAdapter = {
  scheme: 'basic',
  verify: verifyBasic,
  dedupKey: (request, options) => genericDedupKey(request, basicOptions.readLenient(options)),
  normalize: (request, options) => normalizeGeneric(request, basicOptions.readLenient(options)),
};
