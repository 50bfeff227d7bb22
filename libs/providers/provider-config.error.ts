/**
 * A partner's verification settings (scheme, options or secret) are unusable. Thrown when a source
 * is created or a secret is added, so the API can answer 400 naming `field`; never thrown for a bad
 * incoming webhook (those become a `VerifyResult` failure).
 */
export class ProviderConfigError extends Error {
  override readonly name = 'ProviderConfigError';

  constructor(
    /** Dotted path of the offending field, e.g. `verification.header`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
