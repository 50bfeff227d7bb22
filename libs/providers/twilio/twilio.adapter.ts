import type { ProviderAdapter } from '../provider.js';
import { normalizeTwilio, twilioDedupKey } from './twilio.normalizer.js';
import { verifyTwilio } from './twilio.verifier.js';

export const twilioAdapter: ProviderAdapter = {
  scheme: 'twilio',
  verify: verifyTwilio,
  dedupKey: twilioDedupKey,
  normalize: normalizeTwilio,
};
