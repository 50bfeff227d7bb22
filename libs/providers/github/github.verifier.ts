import type { VerificationSettings, VerifyResult, WebhookRequest } from '../provider.js';
import { anyDigestMatch, hmac, type HmacAlgorithm } from '../shared/crypto.js';
import { header } from '../shared/request.js';
import { decodePrefixedDigests } from '../shared/signature-list.js';
import {
  VERIFIED,
  invalidSignature,
  malformedSignature,
  missingSignature,
  noSecrets,
} from '../shared/verify-failure.js';
import { githubOptions } from './github.options.js';

const SHA256_HEADER = 'X-Hub-Signature-256';
const SHA1_HEADER = 'X-Hub-Signature';

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`. The SHA-1 header is
 * used only when the SHA-256 one is absent and `allowSha1` is set, so it cannot downgrade a request
 * that carries both. GitHub signs no timestamp; replays are stopped by dedup on X-GitHub-Delivery.
 */
export function verifyGithub(request: WebhookRequest, settings: VerificationSettings): VerifyResult {
  const { allowSha1 } = githubOptions.read(settings.options);
  if (settings.secrets.length === 0) return noSecrets();

  let name = SHA256_HEADER;
  let algorithm: HmacAlgorithm = 'sha256';
  let value = header(request, SHA256_HEADER.toLowerCase());
  if (value === undefined && allowSha1) {
    value = header(request, SHA1_HEADER.toLowerCase());
    name = SHA1_HEADER;
    algorithm = 'sha1';
  }
  if (value === undefined) return missingSignature(SHA256_HEADER);

  const provided = decodePrefixedDigests(value, `${algorithm}=`, 'hex', algorithm);
  if (!provided) return malformedSignature(name, `"${algorithm}=<hex digest>"`);
  const expected = settings.secrets.map((secret) => hmac(algorithm, secret, request.rawBody));
  return anyDigestMatch(provided, expected) ? VERIFIED : invalidSignature(name, 'the request body');
}
