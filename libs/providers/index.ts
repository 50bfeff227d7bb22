/**
 * Provider adapters for inbound partner webhooks: verification over raw bytes, dedup keys and
 * normalization into the partner event envelope. Pure TypeScript: no Nest, I/O or env.
 */
export * from './provider.js';
export { ProviderConfigError } from './provider-config.error.js';
export { getProvider, isVerificationScheme } from './provider.registry.js';
export { parseVerificationOptions } from './verification-options.js';
export { SECRET_ISSUER, generateSecret, schemeUsesSecrets, validateSecret } from './secrets.js';
export { bodyHashDedupKey } from './shared/fields.js';
export { MAX_DETAIL_DEPTH, detailNestsTooDeep, toDetailJson } from './shared/detail.js';
export { nestsDeeperThan } from './shared/json-depth.js';
export { DEFAULT_TOLERANCE_SECONDS } from './shared/timestamp.js';

export { apiKeyAdapter } from './api-key/api-key.adapter.js';
export { basicAdapter } from './basic/basic.adapter.js';
export { githubAdapter } from './github/github.adapter.js';
export { hmacAdapter } from './hmac/hmac.adapter.js';
export { noneAdapter } from './none/none.adapter.js';
export { shopifyAdapter } from './shopify/shopify.adapter.js';
export { slackAdapter } from './slack/slack.adapter.js';
export { standardWebhooksAdapter } from './standard-webhooks/standard-webhooks.adapter.js';
export { stripeAdapter } from './stripe/stripe.adapter.js';
export { twilioAdapter } from './twilio/twilio.adapter.js';
export { zendeskAdapter } from './zendesk/zendesk.adapter.js';
