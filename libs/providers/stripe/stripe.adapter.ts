import type { ProviderAdapter } from '../provider.js';
import { normalizeStripe, stripeDedupKey } from './stripe.normalizer.js';
import { verifyStripe } from './stripe.verifier.js';

export const stripeAdapter: ProviderAdapter = {
  scheme: 'stripe',
  verify: verifyStripe,
  dedupKey: stripeDedupKey,
  normalize: normalizeStripe,
};
