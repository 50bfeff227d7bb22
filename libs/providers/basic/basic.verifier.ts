import type { VerificationSettings, VerifyResult, WebhookRequest } from '../provider.js';
import { anyMatch } from '../shared/crypto.js';
import { header } from '../shared/request.js';
import {
  VERIFIED,
  invalidSignature,
  malformedSignature,
  missingSignature,
  noSecrets,
} from '../shared/verify-failure.js';
import { basicOptions } from './basic.options.js';

const HEADER = 'Authorization';

/**
 * HTTP Basic authentication: `Authorization: Basic base64(user:password)` must equal one of the
 * secrets, each stored as `user:password`. Compared in constant time over digests, so neither the
 * content nor the length of a secret leaks.
 */
export function verifyBasic(request: WebhookRequest, settings: VerificationSettings): VerifyResult {
  basicOptions.read(settings.options);
  if (settings.secrets.length === 0) return noSecrets();
  const value = header(request, 'authorization');
  if (value === undefined) return missingSignature(HEADER);
  const match = /^basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(value);
  const credentials = match ? Buffer.from(match[1], 'base64') : undefined;
  if (!credentials || !credentials.includes(':')) {
    return malformedSignature(HEADER, '"Basic <base64 of user:password>"');
  }
  const expected = settings.secrets.map((secret) => Buffer.from(secret, 'utf8'));
  return anyMatch([credentials], expected) ? VERIFIED : invalidSignature(HEADER, 'the expected credentials');
}
