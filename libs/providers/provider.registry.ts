import { apiKeyAdapter } from './api-key/api-key.adapter.js';
import { basicAdapter } from './basic/basic.adapter.js';
import { githubAdapter } from './github/github.adapter.js';
import { hmacAdapter } from './hmac/hmac.adapter.js';
import { noneAdapter } from './none/none.adapter.js';
import { VERIFICATION_SCHEMES, type ProviderAdapter, type VerificationScheme } from './provider.js';
import { ProviderConfigError } from './provider-config.error.js';
import { shopifyAdapter } from './shopify/shopify.adapter.js';
import { slackAdapter } from './slack/slack.adapter.js';
import { standardWebhooksAdapter } from './standard-webhooks/standard-webhooks.adapter.js';
import { stripeAdapter } from './stripe/stripe.adapter.js';
import { twilioAdapter } from './twilio/twilio.adapter.js';
import { zendeskAdapter } from './zendesk/zendesk.adapter.js';

/** Exactly one adapter per scheme; the `Record` type makes a missing one a compile error. */
const ADAPTERS: Readonly<Record<VerificationScheme, ProviderAdapter>> = {
  github: githubAdapter,
  stripe: stripeAdapter,
  shopify: shopifyAdapter,
  slack: slackAdapter,
  twilio: twilioAdapter,
  zendesk: zendeskAdapter,
  'standard-webhooks': standardWebhooksAdapter,
  hmac: hmacAdapter,
  basic: basicAdapter,
  'api-key': apiKeyAdapter,
  none: noneAdapter,
};

export function isVerificationScheme(value: unknown): value is VerificationScheme {
  return typeof value === 'string' && (VERIFICATION_SCHEMES as readonly string[]).includes(value);
}

/** The adapter for a scheme; `ProviderConfigError` for a name that is not a scheme. */
export function getProvider(scheme: VerificationScheme | string): ProviderAdapter {
  if (!isVerificationScheme(scheme)) {
    throw new ProviderConfigError(
      'verification.scheme',
      `Unknown verification scheme '${String(scheme)}'; expected one of ${VERIFICATION_SCHEMES.join(', ')}`,
    );
  }
  return ADAPTERS[scheme];
}
