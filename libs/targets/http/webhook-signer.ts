import { createHmac } from 'node:crypto';

/**
 * Outbound Standard Webhooks signatures (https://www.standardwebhooks.com): receivers verify with
 * the `standardwebhooks` or `svix` libraries using the same `whsec_` secret.
 */

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Raised for a secret that is not `whsec_` followed by base64. */
export class WebhookSecretError extends Error {
  override readonly name = 'WebhookSecretError';
}

/** The HMAC key inside a `whsec_` secret: the base64-decoded bytes after the prefix. */
export function webhookSecretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX))
    throw new WebhookSecretError('signing secret must start with "whsec_"');
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
    throw new WebhookSecretError('signing secret must be "whsec_" followed by base64');
  }
  return Buffer.from(encoded, 'base64');
}

/** The three headers a Standard Webhooks receiver checks. */
export interface WebhookSignatureHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/**
 * Signs `{id}.{timestamp}.{body}` with every secret (newest first, so receivers can rotate keys) and
 * returns the headers. `body` must be the exact bytes sent.
 */
export function signWebhook(
  secrets: readonly string[],
  messageId: string,
  timestamp: Date,
  body: string | Buffer,
): WebhookSignatureHeaders {
  const seconds = String(Math.floor(timestamp.getTime() / 1000));
  const signatures = secrets.map((secret) => {
    const hmac = createHmac('sha256', webhookSecretKey(secret));
    hmac.update(`${messageId}.${seconds}.`);
    hmac.update(body);
    return `v1,${hmac.digest('base64')}`;
  });
  return { 'webhook-id': messageId, 'webhook-timestamp': seconds, 'webhook-signature': signatures.join(' ') };
}
