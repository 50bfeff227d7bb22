import type { VerificationSettings, VerifyResult, WebhookRequest } from '../provider.js';
import { anyDigestMatch, decodeDigest, hmac } from '../shared/crypto.js';
import { header } from '../shared/request.js';
import { parseFlexibleTimestamp, withinTolerance } from '../shared/timestamp.js';
import {
  VERIFIED,
  invalidSignature,
  malformedSignature,
  missingSignature,
  noSecrets,
  staleTimestamp,
} from '../shared/verify-failure.js';
import { zendeskOptions } from './zendesk.options.js';

const SIGNATURE = 'X-Zendesk-Webhook-Signature';
const TIMESTAMP = 'X-Zendesk-Webhook-Signature-Timestamp';

/**
 * Zendesk: `X-Zendesk-Webhook-Signature` = base64 HMAC-SHA256(signing secret, timestamp + body),
 * plain concatenation with no separator; the timestamp is signed as the exact header text.
 */
export function verifyZendesk(request: WebhookRequest, settings: VerificationSettings): VerifyResult {
  const { toleranceSeconds } = zendeskOptions.read(settings.options);
  if (settings.secrets.length === 0) return noSecrets();
  const signature = header(request, SIGNATURE.toLowerCase());
  if (signature === undefined) return missingSignature(SIGNATURE);
  const timestamp = header(request, TIMESTAMP.toLowerCase());
  if (timestamp === undefined) return missingSignature(TIMESTAMP);

  const digest = decodeDigest(signature, 'base64');
  if (!digest || digest.length !== 32) return malformedSignature(SIGNATURE, 'a base64 HMAC-SHA256 digest');
  const timestampMs = parseFlexibleTimestamp(timestamp);
  if (toleranceSeconds > 0 && timestampMs === undefined) {
    return malformedSignature(TIMESTAMP, 'an ISO-8601 time or Unix seconds');
  }

  const expected = settings.secrets.map((secret) => hmac('sha256', secret, timestamp, request.rawBody));
  if (!anyDigestMatch([digest], expected)) return invalidSignature(SIGNATURE, 'the request');
  if (toleranceSeconds > 0 && !withinTolerance(timestampMs ?? NaN, request.receivedAt, toleranceSeconds)) {
    return staleTimestamp(TIMESTAMP, toleranceSeconds);
  }
  return VERIFIED;
}
