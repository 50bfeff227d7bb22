import { createHmac } from 'node:crypto';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { getExpectedBodyHash, getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';

/**
 * Independent signers for the provider e2e tests: the vendors' own code wherever a vendor publishes
 * one, node:crypto only for Slack, Shopify, Zendesk and the generic schemes (no vendor signer).
 * Nothing here imports Hookbridge's verifiers, so a shared mistake cannot make a test pass.
 */

// Signing is local: the dummy API key is never sent anywhere.
const stripe = new Stripe('sk_test_dummy');

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** `Stripe-Signature` as stripe-node's test helper builds it (`t=…,v1=…`). */
export function stripeSignature(secret: string, payload: string, timestamp: number): string {
  return stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/** `X-Hub-Signature-256` as @octokit/webhooks-methods computes it (`sha256=<hex>`). */
export function githubSignature(secret: string, payload: string): Promise<string> {
  return octokitSign(secret, payload);
}

/** GitHub's published test vector (docs: "Validating webhook deliveries"). */
export const GITHUB_TEST_VECTOR = {
  secret: "It's a Secret to Everybody",
  payload: 'Hello, World!',
  signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
} as const;

/** The `<set>-id/-timestamp/-signature` headers, signed by the standardwebhooks or svix library. */
export function standardWebhookHeaders(
  set: 'webhook' | 'svix',
  secret: string,
  id: string,
  atSeconds: number,
  payload: string,
): Record<string, string> {
  const signer = set === 'svix' ? new SvixWebhook(secret) : new StandardWebhook(secret);
  return {
    [`${set}-id`]: id,
    [`${set}-timestamp`]: String(atSeconds),
    [`${set}-signature`]: signer.sign(id, new Date(atSeconds * 1000), payload),
  };
}

/**
 * `X-Twilio-Signature` as twilio-node computes it over the URL and the form parameters; HMAC-SHA1
 * with the auth token, or `HMAC_SHA256` for SharedKey webhooks.
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string | string[]>,
  algorithm?: 'HMAC_SHA256',
): string {
  return getExpectedTwilioSignature(authToken, url, params, algorithm);
}

/** The `bodySHA256` query value twilio-node expects for a JSON body. */
export const twilioBodyHash = (body: string): string => getExpectedBodyHash(body);

/** Slack: `v0=` + hex HMAC-SHA256 over `v0:{timestamp}:{body}`. */
export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Shopify: base64 HMAC-SHA256 over the raw body. */
export function shopifySignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Zendesk: base64 HMAC-SHA256 over `{timestamp}{body}`, no separator. */
export function zendeskSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret)
    .update(timestamp + body)
    .digest('base64');
}

/** A digest in the encoding the generic `hmac` scheme is configured for. */
export function hmacDigest(
  algorithm: 'sha1' | 'sha256' | 'sha512',
  encoding: 'hex' | 'base64' | 'base64url',
  secret: string,
  content: string,
): string {
  return createHmac(algorithm, secret).update(content).digest(encoding);
}

/** `Authorization: Basic …` for a `user:password` secret. */
export const basicAuthorization = (userPassword: string): string =>
  `Basic ${Buffer.from(userPassword, 'utf8').toString('base64')}`;
