import { createHmac } from 'node:crypto';

/** `X-Signature: sha256=<hex>` as the generic `hmac` scheme expects by default. */
export function hmacSignature(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** GitHub's `X-Hub-Signature-256` value. */
export const githubSignature = hmacSignature;
