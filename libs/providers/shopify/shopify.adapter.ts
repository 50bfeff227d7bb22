import type { ProviderAdapter } from '../provider.js';
import { normalizeShopify, shopifyDedupKey } from './shopify.normalizer.js';
import { verifyShopify } from './shopify.verifier.js';

export const shopifyAdapter: ProviderAdapter = {
  scheme: 'shopify',
  verify: verifyShopify,
  dedupKey: shopifyDedupKey,
  normalize: normalizeShopify,
};
