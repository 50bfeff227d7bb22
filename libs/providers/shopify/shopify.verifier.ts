import type { VerificationSettings, VerifyResult, WebhookRequest } from '../provider.js';
import { anyDigestMatch, decodeDigest, hmac } from '../shared/crypto.js';
import { firstHeader } from '../shared/request.js';
import {
  VERIFIED,
  invalidSignature,
  malformedSignature,
  missingSignature,
  noSecrets,
} from '../shared/verify-failure.js';
import { shopifyOptions } from './shopify.options.js';

/** Classic webhooks send the X- name; the newer "events" webhooks the un-prefixed one. */
const HMAC_HEADERS = ['x-shopify-hmac-sha256', 'shopify-hmac-sha256'];
const DISPLAY = 'X-Shopify-Hmac-Sha256';

/**
 * Shopify: base64 HMAC-SHA256(app client secret, raw body). No timestamp is signed, so replays are
 * stopped by dedup on the webhook id. After a secret rotation Shopify may sign with the old secret
 * for up to an hour, so keep both active.
 */
export function verifyShopify(request: WebhookRequest, settings: VerificationSettings): VerifyResult {
  shopifyOptions.read(settings.options);
  if (settings.secrets.length === 0) return noSecrets();
  const found = firstHeader(request, HMAC_HEADERS);
  if (!found) return missingSignature(DISPLAY);
  const name = found.name === HMAC_HEADERS[0] ? DISPLAY : 'shopify-hmac-sha256';
  const digest = decodeDigest(found.value, 'base64');
  if (!digest || digest.length !== 32) return malformedSignature(name, 'a base64 HMAC-SHA256 digest');
  const expected = settings.secrets.map((secret) => hmac('sha256', secret, request.rawBody));
  return anyDigestMatch([digest], expected) ? VERIFIED : invalidSignature(name, 'the request body');
}
