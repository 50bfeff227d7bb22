import type { VerificationSettings, VerifyResult, WebhookRequest } from '../provider.js';
import { anyDigestMatch, hmac } from '../shared/crypto.js';
import { header } from '../shared/request.js';
import { decodePrefixedDigests } from '../shared/signature-list.js';
import { parseFlexibleTimestamp, withinTolerance } from '../shared/timestamp.js';
import {
  VERIFIED,
  invalidSignature,
  malformedSignature,
  missingSignature,
  noSecrets,
  staleTimestamp,
} from '../shared/verify-failure.js';
import { hmacOptions, templateParts } from './hmac.options.js';

/**
 * Generic HMAC: `<header>: <prefix><digest>` where digest = HMAC(secret, signedContent), the
 * template filled with the raw body and, optionally, the timestamp and id header values.
 */
export function verifyHmac(request: WebhookRequest, settings: VerificationSettings): VerifyResult {
  const o = hmacOptions.read(settings.options);
  if (settings.secrets.length === 0) return noSecrets();

  const signature = header(request, o.header);
  if (signature === undefined) return missingSignature(o.header);
  const provided = decodePrefixedDigests(signature, o.prefix, o.encoding, o.algorithm);
  if (!provided) return malformedSignature(o.header, `"${o.prefix}<${o.encoding} ${o.algorithm} digest>"`);

  let timestampMs: number | undefined;
  let timestamp = '';
  if (o.timestampHeader) {
    const value = header(request, o.timestampHeader);
    if (value === undefined) return missingSignature(o.timestampHeader);
    timestampMs = parseFlexibleTimestamp(value);
    if (timestampMs === undefined) {
      return malformedSignature(o.timestampHeader, 'Unix seconds, Unix milliseconds or an ISO-8601 time');
    }
    timestamp = value;
  }
  const parts = templateParts(o.signedContent);
  let id = '';
  if (parts.some((p) => 'field' in p && p.field === 'id') && o.idHeader) {
    const value = header(request, o.idHeader);
    if (value === undefined) return missingSignature(o.idHeader);
    id = value;
  }

  const content = parts.map((p) =>
    'literal' in p
      ? p.literal
      : p.field === 'body'
        ? request.rawBody
        : p.field === 'timestamp'
          ? timestamp
          : id,
  );
  const expected = settings.secrets.map((secret) => hmac(o.algorithm, secret, ...content));
  if (!anyDigestMatch(provided, expected)) return invalidSignature(o.header);

  if (timestampMs !== undefined && o.timestampHeader && o.toleranceSeconds) {
    if (!withinTolerance(timestampMs, request.receivedAt, o.toleranceSeconds)) {
      return staleTimestamp(o.timestampHeader, o.toleranceSeconds);
    }
  }
  return VERIFIED;
}
