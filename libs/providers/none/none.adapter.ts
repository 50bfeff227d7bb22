import { z } from 'zod';
import type { ProviderAdapter } from '../provider.js';
import { genericDedupKey, normalizeGeneric } from '../generic/generic.normalizer.js';
import { genericEnvelopeFields, optionsReader } from '../shared/options.js';
import { VERIFIED } from '../shared/verify-failure.js';

export const noneOptionsSchema = z.strictObject({ ...genericEnvelopeFields });
export const noneOptions = optionsReader('none', noneOptionsSchema);

/** No verification at all: every request is accepted. For trusted networks and testing only. */
export const noneAdapter: ProviderAdapter = {
  scheme: 'none',
  verify: () => VERIFIED,
  dedupKey: (request, options) => genericDedupKey(request, noneOptions.readLenient(options)),
  normalize: (request, options) => normalizeGeneric(request, noneOptions.readLenient(options)),
};
