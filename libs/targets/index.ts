/**
 * Delivery to rule targets, with Amazon EventBridge semantics: input shaping, retry policy and
 * dead-letter decisions, and clients for HTTP endpoints (API destinations) and EventBridge buses.
 * Pure TypeScript: no Nest, no database, no environment access; configuration and secrets are passed in.
 */

export type { DeliveryFailure, DeliveryOutcome, DeliverySuccess } from './delivery-outcome.js';

// Input shaping (Input / InputPath / InputTransformer)
export {
  INPUT_LIMITS,
  type InputShaping,
  InputShapingError,
  type InputTransformer,
  PREDEFINED_VARIABLES,
  type ShapingContext,
} from './input/input-shaping.js';
export { validateInputShaping } from './input/input-shaping.validator.js';
export { shapeInput } from './input/input-shaper.js';

// Retry policy, backoff and classification
export { HttpStatusClass, classifyHttpStatus } from './retry/http-status.js';
export { type BackoffOptions, DEFAULT_BACKOFF, computeBackoffMs } from './retry/backoff.js';
export { type RetryAfter, parseRetryAfter } from './retry/retry-after.js';
export {
  type AttemptHistory,
  DEFAULT_RETRY_POLICY,
  type ExhaustedCondition,
  type NextAttemptDecision,
  RETRY_POLICY_LIMITS,
  type RetryPolicy,
  nextAttemptDecision,
  resolveRetryPolicy,
} from './retry/retry-policy.js';

// HTTP targets
export type {
  ApiKeyAuth,
  BasicAuth,
  ConnectionAuth,
  HttpConnection,
  HttpDelivery,
  HttpTargetConfig,
  OAuthClientCredentialsAuth,
} from './http/http-target.js';
export { DEFAULT_TIMEOUT_MS, RESERVED_HEADERS, UNSUPPORTED_HEADERS } from './http/http-target.js';
export {
  HttpTargetConfigError,
  type HttpTargetValidationOptions,
  validateHttpTarget,
} from './http/http-target.validator.js';
export { HttpTargetClient, type HttpTargetClientOptions } from './http/http-target.client.js';
export { OAuthTokenCache } from './http/oauth-token.cache.js';
export { type AddressVerdict, SsrfBlockedError, SsrfGuard } from './http/ssrf-guard.js';
export { type WebhookSignatureHeaders, WebhookSecretError, signWebhook } from './http/webhook-signer.js';

// EventBridge targets
export {
  type AwsCredentials,
  type EventBridgeTargetConfig,
  EventBridgeTargetConfigError,
  validateEventBridgeTarget,
} from './eventbridge/eventbridge-target.js';
export {
  EventBridgeTargetClient,
  type EventBridgeTargetClientOptions,
} from './eventbridge/eventbridge-target.client.js';
export { InvalidEnvelopeError, putEventsEntryFromEnvelope } from './eventbridge/put-events-entry.js';
