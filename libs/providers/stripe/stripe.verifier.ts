import type { VerificationSettings, VerifyResult, WebhookRequest } from '../provider.js';
import { anyDigestMatch, decodeDigest, hmac } from '../shared/crypto.js';
import { header } from '../shared/request.js';
import { parseUnixSeconds, withinTolerance } from '../shared/timestamp.js';
import {
  VERIFIED,
  invalidSignature,
  malformedSignature,
  missingSignature,
  noSecrets,
  staleTimestamp,
} from '../shared/verify-failure.js';
import { stripeOptions } from './stripe.options.js';

const HEADER = 'Stripe-Signature';
const EXPECTED_FORMAT = '"t=<unix seconds>,v1=<hex>[,v1=<hex>…]"';

/**
 * Stripe: `Stripe-Signature: t=<ts>,v1=<hex>[,v1=…][,v0=…]`, v1 = HMAC-SHA256(secret, `${t}.${body}`),
 * the secret used as the literal `whsec_…` string. Any v1 may match (Stripe sends one per active
 * secret while rolling); other schemes, v0 included, are ignored as a downgrade guard. As in
 * stripe-node, an entry that cannot be read is skipped when another v1 can be checked; a header with
 * no usable v1 is reported as malformed. Unlike stripe-node, timestamps too far in the future are
 * rejected as well as stale ones.
 */
export function verifyStripe(request: WebhookRequest, settings: VerificationSettings): VerifyResult {
  const { toleranceSeconds } = stripeOptions.read(settings.options);
  if (settings.secrets.length === 0) return noSecrets();
  const value = header(request, 'stripe-signature');
  if (value === undefined) return missingSignature(HEADER);

  let timestamp: string | undefined;
  let unreadable = false;
  const provided: Buffer[] = [];
  for (const item of value.split(',')) {
    const separator = item.indexOf('=');
    if (separator <= 0) {
      unreadable = true;
      continue;
    }
    const key = item.slice(0, separator).trim();
    const text = item.slice(separator + 1).trim();
    if (key === 't') timestamp = text;
    if (key !== 'v1') continue;
    const digest = decodeDigest(text, 'hex');
    if (digest?.length === 32) provided.push(digest);
    else unreadable = true;
  }
  const seconds = timestamp === undefined ? undefined : parseUnixSeconds(timestamp);
  if (seconds === undefined || timestamp === undefined) return malformedSignature(HEADER, EXPECTED_FORMAT);
  if (provided.length === 0) {
    return unreadable
      ? malformedSignature(HEADER, EXPECTED_FORMAT)
      : invalidSignature(HEADER, 'the request (no v1 signature)');
  }

  const expected = settings.secrets.map((secret) => hmac('sha256', secret, `${timestamp}.`, request.rawBody));
  if (!anyDigestMatch(provided, expected)) return invalidSignature(HEADER, 'the request body');
  if (!withinTolerance(seconds * 1000, request.receivedAt, toleranceSeconds)) {
    return staleTimestamp(`${HEADER} timestamp`, toleranceSeconds);
  }
  return VERIFIED;
}
