import type { z } from 'zod';
import { apiKeyOptionsSchema } from './api-key/api-key.options.js';
import { basicOptionsSchema } from './basic/basic.options.js';
import { githubOptionsSchema } from './github/github.options.js';
import { hmacOptionsSchema } from './hmac/hmac.options.js';
import { noneOptionsSchema } from './none/none.adapter.js';
import type { VerificationScheme } from './provider.js';
import { getProvider } from './provider.registry.js';
import { shopifyOptionsSchema } from './shopify/shopify.options.js';
import { toConfigError, withoutReserved } from './shared/options.js';
import { slackOptionsSchema } from './slack/slack.options.js';
import { standardWebhooksOptionsSchema } from './standard-webhooks/standard-webhooks.options.js';
import { stripeOptionsSchema } from './stripe/stripe.options.js';
import { twilioOptionsSchema } from './twilio/twilio.options.js';
import { zendeskOptionsSchema } from './zendesk/zendesk.options.js';

const SCHEMAS: Readonly<Record<VerificationScheme, z.ZodType<Record<string, unknown>>>> = {
  github: githubOptionsSchema,
  stripe: stripeOptionsSchema,
  shopify: shopifyOptionsSchema,
  slack: slackOptionsSchema,
  twilio: twilioOptionsSchema,
  zendesk: zendeskOptionsSchema,
  'standard-webhooks': standardWebhooksOptionsSchema,
  hmac: hmacOptionsSchema,
  basic: basicOptionsSchema,
  'api-key': apiKeyOptionsSchema,
  none: noneOptionsSchema,
};

/**
 * Validates a scheme's options when a partner creates a source, and returns them with defaults
 * filled in: the value to store as `VerificationSettings.options`. `input` may be the whole REST
 * `verification` object: its `scheme` and `secrets` keys are ignored. Unknown keys are rejected.
 * Throws `ProviderConfigError` naming the first bad field (e.g. `verification.header`).
 */
export function parseVerificationOptions(
  scheme: VerificationScheme | string,
  input: unknown,
): Record<string, unknown> {
  const known = getProvider(scheme).scheme;
  const result = SCHEMAS[known].safeParse(withoutReserved(input ?? {}));
  if (!result.success) throw toConfigError(known, result.error);
  return JSON.parse(JSON.stringify(result.data)) as Record<string, unknown>;
}
