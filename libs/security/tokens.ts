import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A bearer token as handed out once: `hb_<43 base64url chars>` (256 bits of randomness). */
export function generateToken(): string {
  return `hb_${randomBytes(32).toString('base64url')}`;
}

/** What is stored for a token: its SHA-256. Tokens carry 256 random bits, so no salt or KDF is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** An AWS-style access key id (`AKHB` + 16 upper-case base32 characters) for SigV4. */
export function generateAccessKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = randomBytes(16);
  return `AKHB${[...bytes].map((b) => alphabet[b % 32]).join('')}`;
}

/** An AWS-style secret access key: 40 base64 characters. */
export function generateSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** Compares two strings in time independent of where they differ (hashing first equalises lengths). */
export function constantTimeEquals(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Whether an `Authorization` header carries `Bearer <token>` (the scheme case-insensitive, as RFC 9110
 * has it), compared in constant time.
 */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^bearer +(.+)$/i.exec(authorization ?? '');
  return match !== null && constantTimeEquals((match[1] as string).trim(), token);
}

/** An opaque, unguessable id for URLs such as the ingest endpoint (192 bits, base64url). */
export function generateOpaqueId(): string {
  return randomBytes(24).toString('base64url');
}
