import { decodeDigest } from '../shared/crypto.js';

/** The spec's key sizes: 24 to 64 random bytes. */
export const MIN_KEY_BYTES = 24;
export const MAX_KEY_BYTES = 64;

/**
 * The HMAC key of a Standard Webhooks secret: `whsec_<base64>` or bare base64, decoded; else
 * `undefined`. `strict` also demands the spec's key size (for secrets being registered); when
 * verifying, any decodable key is used, as the reference libraries do.
 */
export function standardWebhooksKey(secret: string, strict = false): Buffer | undefined {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = decodeDigest(encoded, 'base64');
  if (!key) return undefined;
  return !strict || (key.length >= MIN_KEY_BYTES && key.length <= MAX_KEY_BYTES) ? key : undefined;
}
