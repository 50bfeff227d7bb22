import type { VerificationSettings, VerifyResult, WebhookRequest } from '../provider.js';
import { anyDigestMatch, hmac } from '../shared/crypto.js';
import { header } from '../shared/request.js';
import { decodePrefixedDigests } from '../shared/signature-list.js';
import { parseUnixSeconds, withinTolerance } from '../shared/timestamp.js';
import {
  VERIFIED,
  invalidSignature,
  malformedSignature,
  missingSignature,
  noSecrets,
  staleTimestamp,
} from '../shared/verify-failure.js';
import { slackOptions } from './slack.options.js';

const SIGNATURE = 'X-Slack-Signature';
const TIMESTAMP = 'X-Slack-Request-Timestamp';

/**
 * Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:{timestamp}:{raw body}")>`,
 * the same for JSON events and form-encoded commands and interactivity. The timestamp must be
 * within the tolerance in both directions (as Slack's Python SDK; Bolt checks only the past).
 */
export function verifySlack(request: WebhookRequest, settings: VerificationSettings): VerifyResult {
  const { toleranceSeconds } = slackOptions.read(settings.options);
  if (settings.secrets.length === 0) return noSecrets();
  const signature = header(request, SIGNATURE.toLowerCase());
  if (signature === undefined) return missingSignature(SIGNATURE);
  const timestamp = header(request, TIMESTAMP.toLowerCase());
  if (timestamp === undefined) return missingSignature(TIMESTAMP);

  const provided = decodePrefixedDigests(signature, 'v0=', 'hex', 'sha256');
  if (!provided) return malformedSignature(SIGNATURE, '"v0=<hex digest>"');
  const seconds = parseUnixSeconds(timestamp);
  if (seconds === undefined) return malformedSignature(TIMESTAMP, 'Unix seconds');

  const expected = settings.secrets.map((secret) =>
    hmac('sha256', secret, `v0:${timestamp}:`, request.rawBody),
  );
  if (!anyDigestMatch(provided, expected)) return invalidSignature(SIGNATURE, 'the request');
  if (!withinTolerance(seconds * 1000, request.receivedAt, toleranceSeconds)) {
    return staleTimestamp(TIMESTAMP, toleranceSeconds);
  }
  return VERIFIED;
}
