import type { VerificationSettings, VerifyResult, WebhookRequest } from '../provider.js';
import { anyMatch } from '../shared/crypto.js';
import { header, parseUrl } from '../shared/request.js';
import { VERIFIED, failure, noSecrets } from '../shared/verify-failure.js';
import { apiKeyOptions } from './api-key.options.js';

/**
 * A static key in a header or query parameter, equal to one of the secrets. When the header is
 * `authorization`, a `Bearer ` prefix is allowed. Constant-time over digests of both sides.
 */
export function verifyApiKey(request: WebhookRequest, settings: VerificationSettings): VerifyResult {
  const o = apiKeyOptions.read(settings.options);
  if (settings.secrets.length === 0) return noSecrets();
  const where = [
    o.header ? `${o.header} header` : undefined,
    o.queryParam ? `${o.queryParam} query parameter` : undefined,
  ]
    .filter((w) => w !== undefined)
    .join(' or ');

  let key = o.header ? header(request, o.header) : undefined;
  if (key !== undefined && o.header === 'authorization') key = key.replace(/^bearer\s+/i, '');
  if (key === undefined && o.queryParam) {
    key = parseUrl(request.url)?.searchParams.get(o.queryParam) ?? undefined;
  }
  if (key === undefined || key === '') return failure('MissingSignature', `Missing API key (${where})`);

  const expected = settings.secrets.map((secret) => Buffer.from(secret, 'utf8'));
  return anyMatch([Buffer.from(key, 'utf8')], expected)
    ? VERIFIED
    : failure('InvalidSignature', `The API key in the ${where} matches no active key`);
}
