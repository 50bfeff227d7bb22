import type { VerificationSettings, VerifyResult, WebhookRequest } from '../provider.js';
import {
  anyDigestMatch,
  decodeDigest,
  hmac,
  safeEqual,
  sha256,
  type HmacAlgorithm,
} from '../shared/crypto.js';
import { header, isFormMediaType, mediaType, parseUrl } from '../shared/request.js';
import {
  VERIFIED,
  failure,
  invalidSignature,
  malformedSignature,
  missingSignature,
  noSecrets,
  unsupportedMediaType,
} from '../shared/verify-failure.js';
import { twilioOptions } from './twilio.options.js';
import { urlCandidates } from './twilio.url.js';

const HEADER = 'X-Twilio-Signature';

/**
 * Twilio: `X-Twilio-Signature` = base64 HMAC-SHA1(auth token, URL + each form field's key+value
 * sorted by key; a repeated field's values de-duplicated and sorted). For a non-form body the URL
 * carries `bodySHA256=<hex sha256(body)>`, the URL alone is signed, and the hash is checked apart.
 * SharedKey webhooks announce HMAC-SHA256 in X-Twilio-Webhooks-Signature-Settings.
 */
export function verifyTwilio(request: WebhookRequest, settings: VerificationSettings): VerifyResult {
  twilioOptions.read(settings.options);
  if (settings.secrets.length === 0) return noSecrets();
  const value = header(request, 'x-twilio-signature');
  if (value === undefined) return missingSignature(HEADER);
  const algorithm = signatureAlgorithm(header(request, 'x-twilio-webhooks-signature-settings'));
  const digest = decodeDigest(value, 'base64');
  if (!digest || digest.length !== (algorithm === 'sha1' ? 20 : 32)) {
    return malformedSignature(HEADER, `a base64 HMAC-${algorithm.toUpperCase()} digest`);
  }

  const bodyHash = parseUrl(request.url)?.searchParams.get('bodySHA256') ?? undefined;
  let params = '';
  if (bodyHash !== undefined) {
    const provided = decodeDigest(bodyHash, 'hex');
    if (!provided || !safeEqual(provided, sha256(request.rawBody))) {
      return failure('InvalidSignature', 'The bodySHA256 query parameter does not match the request body');
    }
  } else if (isFormMediaType(mediaType(request))) {
    params = signedParams(request.rawBody);
  } else if (request.rawBody.length > 0) {
    return unsupportedMediaType(
      'Twilio signs form-encoded bodies; other bodies need the bodySHA256 query parameter',
    );
  }

  const expected = settings.secrets.flatMap((secret) =>
    urlCandidates(request.url).map((url) => hmac(algorithm, secret, url, params)),
  );
  return anyDigestMatch([digest], expected) ? VERIFIED : invalidSignature(HEADER, 'the URL and parameters');
}

/** Form fields as Twilio concatenates them: sorted by key, each key followed by its value. */
function signedParams(rawBody: Buffer): string {
  const grouped = new Map<string, Set<string>>();
  for (const [key, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const values = grouped.get(key) ?? new Set<string>();
    values.add(value);
    grouped.set(key, values);
  }
  return [...grouped.keys()]
    .sort()
    .map((key) =>
      [...(grouped.get(key) ?? [])]
        .sort()
        .map((value) => key + value)
        .join(''),
    )
    .join('');
}

/** `algorithm=HMAC_SHA256` in the settings header selects SHA-256; anything else is SHA-1. */
function signatureAlgorithm(settingsHeader: string | undefined): HmacAlgorithm {
  const match = /(?:^|,)\s*algorithm\s*=\s*([^,\s]+)/i.exec(settingsHeader ?? '');
  return match?.[1].toUpperCase() === 'HMAC_SHA256' ? 'sha256' : 'sha1';
}
