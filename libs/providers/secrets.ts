import { randomBytes } from 'node:crypto';
import type { VerificationScheme } from './provider.js';
import { getProvider } from './provider.registry.js';
import { ProviderConfigError } from './provider-config.error.js';
import { standardWebhooksKey } from './standard-webhooks/standard-webhooks.secret.js';

/**
 * Who creates a scheme's secret. `provider`: the SaaS issues it (Stripe's `whsec_…`, Slack's
 * signing secret, Twilio's auth token, Shopify's client secret, Zendesk's signing secret) and the
 * partner pastes it in; `hookbridge`: we may generate it and the partner gives it to the sender;
 * `none`: the scheme uses no secret.
 */
export const SECRET_ISSUER: Readonly<Record<VerificationScheme, 'provider' | 'hookbridge' | 'none'>> = {
  github: 'hookbridge',
  stripe: 'provider',
  shopify: 'provider',
  slack: 'provider',
  twilio: 'provider',
  zendesk: 'provider',
  'standard-webhooks': 'hookbridge',
  hmac: 'hookbridge',
  basic: 'hookbridge',
  'api-key': 'hookbridge',
  none: 'none',
};

/** False only for `none`, whose requests carry nothing to check. */
export function schemeUsesSecrets(scheme: VerificationScheme): boolean {
  return SECRET_ISSUER[scheme] !== 'none';
}

/**
 * A fresh random secret in the scheme's format (256 bits of entropy): `whsec_<base64>` for
 * standard-webhooks and stripe, `hookbridge:<base64url>` for basic, base64url for api-key, hex
 * otherwise. For `none` it returns a token that is never checked.
 */
export function generateSecret(scheme: VerificationScheme): string {
  const known = getProvider(scheme).scheme;
  switch (known) {
    case 'standard-webhooks':
      return `whsec_${randomBytes(32).toString('base64')}`;
    case 'stripe':
      return `whsec_${randomBytes(32).toString('base64url')}`;
    case 'basic':
      return `hookbridge:${randomBytes(32).toString('base64url')}`;
    case 'api-key':
      return randomBytes(32).toString('base64url');
    default:
      return randomBytes(32).toString('hex');
  }
}

/**
 * Checks a partner-supplied secret before it is stored; throws `ProviderConfigError` (field
 * `verification.secrets`) without echoing the secret. Returns it unchanged.
 */
export function validateSecret(scheme: VerificationScheme, secret: unknown): string {
  const known = getProvider(scheme).scheme;
  const fail = (why: string) =>
    new ProviderConfigError('verification.secrets', `Invalid ${known} secret: ${why}`);
  if (typeof secret !== 'string' || secret.length === 0) throw fail('must be a non-empty string');
  if (secret.length > 1024) throw fail('must be at most 1024 characters');
  if (secret.trim() !== secret) throw fail('must not start or end with whitespace');
  if (known === 'standard-webhooks' && !standardWebhooksKey(secret, true)) {
    throw fail('must be whsec_ followed by base64 of 24 to 64 bytes');
  }
  if (known === 'basic' && !/^[^:]+:.+$/.test(secret)) throw fail('must be user:password');
  return secret;
}
