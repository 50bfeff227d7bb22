import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type DigestEncoding = 'hex' | 'base64' | 'base64url';

/** HMAC of the concatenated parts; strings are taken as UTF-8. */
export function hmac(algorithm: HmacAlgorithm, key: string | Buffer, ...parts: (string | Buffer)[]): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

export function sha256(data: string | Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * Constant-time equality for byte strings of any length: both sides are hashed first so that
 * `timingSafeEqual` always sees equal-length input and the comparison leaks neither content nor
 * the length of a secret.
 */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/**
 * True if any candidate equals any expected value. Every pair is compared (no early exit), so the
 * time taken does not reveal which secret matched.
 */
export function anyMatch(candidates: readonly Buffer[], expected: readonly Buffer[]): boolean {
  let matched = false;
  for (const e of expected) {
    for (const c of candidates) {
      matched = safeEqual(c, e) || matched;
    }
  }
  return matched;
}

/**
 * {@link anyMatch} for HMAC digests. A digest's length follows from its algorithm, so it is no
 * secret: a pair of equal length is compared directly, without hashing both sides first (two
 * SHA-256 runs per pair, a tenth of verifying a webhook); a pair of different lengths never matches,
 * and is still compared in constant time.
 */
export function anyDigestMatch(candidates: readonly Buffer[], expected: readonly Buffer[]): boolean {
  let matched = false;
  for (const e of expected) {
    for (const c of candidates) {
      matched = (c.length === e.length ? timingSafeEqual(c, e) : safeEqual(c, e)) || matched;
    }
  }
  return matched;
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

/** Strict decoders: `undefined` for text that is not exactly the encoding (Node's are lenient). */
export function decodeDigest(text: string, encoding: DigestEncoding): Buffer | undefined {
  if (text.length === 0) return undefined;
  switch (encoding) {
    case 'hex':
      return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
    case 'base64':
      return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
    case 'base64url':
      return BASE64URL.test(text) ? Buffer.from(text.replace(/=+$/, ''), 'base64url') : undefined;
  }
}

/** Digest length in bytes, to reject signatures of the wrong size as malformed. */
export function digestLength(algorithm: HmacAlgorithm): number {
  return algorithm === 'sha1' ? 20 : algorithm === 'sha256' ? 32 : 64;
}
