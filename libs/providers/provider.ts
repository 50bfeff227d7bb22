/**
 * The contract between the ingest endpoint and the provider adapters. Everything here is pure:
 * no Nest, no I/O, no environment access. Secrets arrive decrypted from the caller; the clock is passed in.
 */

/** Every verification scheme a partner event source can use. */
export const VERIFICATION_SCHEMES = [
  'github',
  'stripe',
  'shopify',
  'slack',
  'twilio',
  'zendesk',
  'standard-webhooks',
  'hmac',
  'basic',
  'api-key',
  'none',
] as const;
export type VerificationScheme = (typeof VERIFICATION_SCHEMES)[number];

/** The parts of an incoming webhook that verifiers and normalizers may look at. */
export interface WebhookRequest {
  /** The exact bytes received; never a re-serialisation. */
  readonly rawBody: Buffer;
  /** Header names lower-cased; a repeated header is joined with ", " (Node's rule). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The public URL the provider posted to, query string included (Twilio signs it). */
  readonly url: string;
  /** When the gateway received the request; timestamp tolerances are measured against it. */
  readonly receivedAt: Date;
}

/**
 * A source's verification settings as stored (secrets decrypted by the caller). `options` holds the
 * scheme's own settings, already validated by `parseVerificationOptions`.
 */
export interface VerificationSettings {
  readonly scheme: VerificationScheme;
  /** Active secrets, newest first; any one of them may verify a request (rotation). */
  readonly secrets: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
}

/** Why a request failed verification; becomes the `code` of the 401/400/415 error body. */
export type VerifyFailureCode =
  | 'MissingSignature'
  | 'MalformedSignature'
  | 'InvalidSignature'
  | 'StaleTimestamp'
  | 'MalformedBody'
  | 'UnsupportedMediaType';

export type VerifyResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: VerifyFailureCode;
      readonly message: string;
      /** 401 for signature problems, 400/415 where the scheme needs a body shape it did not get. */
      readonly status: 400 | 401 | 415;
    };

/** What a provider's webhook becomes in the partner event envelope. */
export interface NormalizedWebhook {
  /** The provider's own event name, e.g. GitHub's `X-GitHub-Event`. */
  readonly detailType: string;
  /** The provider's timestamp where it has one; the caller falls back to the receive time. */
  readonly time?: Date;
  /** Provider object URLs or ids, where meaningful. */
  readonly resources: readonly string[];
  /**
   * The envelope's `detail` as JSON text. For a JSON-object body this is the body text itself, so
   * that number text such as `300.0` survives exactly into pattern matching; other JSON becomes
   * `{"value": …}`, form bodies a JSON object of their fields, anything else `{"raw": "<base64>"}`.
   */
  readonly detailJson: string;
}

/** A reply the provider requires instead of the usual 202 (e.g. Slack's url_verification). */
export interface ImmediateResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** One provider: how its webhooks are verified, deduplicated and normalized. */
export interface ProviderAdapter {
  readonly scheme: VerificationScheme;
  /** Checks the request against the settings; constant-time comparisons over the raw bytes. */
  verify(request: WebhookRequest, settings: VerificationSettings): VerifyResult;
  /**
   * The provider's delivery id, if it sends one; the caller falls back to a hash of the body.
   * `options` is the source's `VerificationSettings.options`; only the generic schemes (`hmac`,
   * `basic`, `api-key`, `none`) read it (`idHeader`), so callers should always pass it.
   */
  dedupKey(request: WebhookRequest, options?: Readonly<Record<string, unknown>>): string | undefined;
  /** Never throws, whatever the body. `options` as for `dedupKey` (`detailTypeHeader`). */
  normalize(request: WebhookRequest, options?: Readonly<Record<string, unknown>>): NormalizedWebhook;
  /** Called only after a successful verify. */
  immediateResponse?(request: WebhookRequest): ImmediateResponse | undefined;
}
