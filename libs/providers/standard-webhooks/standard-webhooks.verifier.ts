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
import { standardWebhooksOptions } from './standard-webhooks.options.js';
import { standardWebhooksKey } from './standard-webhooks.secret.js';

/**
 * The header set a request uses: `webhook-*` (the spec) or `svix-*` (Svix without whitelabel
 * headers). Chosen by which signature header is present, so the three values never mix sets.
 */
export function headerSet(request: WebhookRequest): 'webhook' | 'svix' {
  return header(request, 'webhook-signature') === undefined && header(request, 'svix-signature') !== undefined
    ? 'svix'
    : 'webhook';
}

/**
 * Standard Webhooks / Svix: `webhook-signature` is a space-separated list of `v1,<base64
 * HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, the key being the base64-decoded secret. Any v1
 * entry may match; other versions (`v1a` ed25519) are skipped, and so is an entry that cannot be
 * read when another v1 can be checked (as the vendors' libraries do); a header with no usable v1 is
 * reported as malformed. Timestamp checked both ways.
 */
export function verifyStandardWebhooks(
  request: WebhookRequest,
  settings: VerificationSettings,
): VerifyResult {
  const { toleranceSeconds } = standardWebhooksOptions.read(settings.options);
  if (settings.secrets.length === 0) return noSecrets();
  const set = headerSet(request);
  const names = { id: `${set}-id`, timestamp: `${set}-timestamp`, signature: `${set}-signature` };
  const signature = header(request, names.signature);
  if (signature === undefined) return missingSignature('webhook-signature');
  const id = header(request, names.id);
  if (id === undefined) return missingSignature(names.id);
  const timestamp = header(request, names.timestamp);
  if (timestamp === undefined) return missingSignature(names.timestamp);

  const seconds = parseUnixSeconds(timestamp);
  if (seconds === undefined) return malformedSignature(names.timestamp, 'Unix seconds');
  let unreadable = false;
  const provided: Buffer[] = [];
  for (const entry of signature.split(' ').filter((e) => e !== '')) {
    const comma = entry.indexOf(',');
    if (comma <= 0) {
      unreadable = true;
      continue;
    }
    if (entry.slice(0, comma) !== 'v1') continue;
    const digest = decodeDigest(entry.slice(comma + 1), 'base64');
    if (digest?.length === 32) provided.push(digest);
    else unreadable = true;
  }
  if (provided.length === 0) {
    return unreadable
      ? malformedSignature(names.signature, '"v1,<base64>" entries separated by spaces')
      : invalidSignature(names.signature, 'the request (no v1 signature)');
  }

  const keys = settings.secrets
    .map((secret) => standardWebhooksKey(secret))
    .filter((key) => key !== undefined);
  const expected = keys.map((key) => hmac('sha256', key, `${id}.${timestamp}.`, request.rawBody));
  if (!anyDigestMatch(provided, expected)) return invalidSignature(names.signature, 'the request');
  if (!withinTolerance(seconds * 1000, request.receivedAt, toleranceSeconds)) {
    return staleTimestamp(names.timestamp, toleranceSeconds);
  }
  return VERIFIED;
}
