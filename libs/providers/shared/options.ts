import { z } from 'zod';
import { ProviderConfigError } from '../provider-config.error.js';

/** An HTTP header name (RFC 9110 token), stored lower-case to match `WebhookRequest.headers`. */
export const headerName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name')
  .transform((name) => name.toLowerCase());

/** A replay window in seconds; `min` 0 means 0 switches the check off. */
export function toleranceSeconds(min: 0 | 1) {
  return z.int().min(min).max(86_400);
}

/** Settings the generic schemes share: where the delivery id and the event name come from. */
export const genericEnvelopeFields = {
  /** Header holding the provider's delivery id, used as the dedup key. */
  idHeader: headerName.optional(),
  /** Header holding the event name, used as `detail-type` (default `Webhook`). */
  detailTypeHeader: headerName.optional(),
};

/** Turns a zod failure into a `ProviderConfigError` that names the first bad field. */
export function toConfigError(scheme: string, error: z.ZodError): ProviderConfigError {
  const issue = error.issues[0];
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = ['verification', ...issue.path.map(String), ...keys.slice(0, 1)].join('.');
  return new ProviderConfigError(
    field,
    `Invalid ${scheme} verification setting '${field}': ${issue.message}`,
  );
}

/** Distinct option texts remembered per scheme before the memo starts over. */
const MAX_MEMOISED_TEXTS = 1_000;

/**
 * Reads a source's stored options through the scheme's schema (defaults applied), memoised per
 * options object and per options text: the worker reads each event's options afresh from the
 * database, a new object every time, and parsing them again cost more than normalizing the event.
 * `read` throws `ProviderConfigError` for settings that no longer validate; `readLenient` falls
 * back to the defaults, for code that must never throw (dedup, normalize).
 */
export function optionsReader<T>(scheme: string, schema: z.ZodType<T>) {
  const cache = new WeakMap<object, T>();
  const byText = new Map<string, T>();
  const read = (options: Readonly<Record<string, unknown>> | undefined): T => {
    const key = options ?? EMPTY;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const text = JSON.stringify(key);
    let value = byText.get(text);
    if (value === undefined) {
      const result = schema.safeParse(withoutReserved(options ?? {}));
      if (!result.success) throw toConfigError(scheme, result.error);
      value = result.data;
      if (byText.size >= MAX_MEMOISED_TEXTS) byText.clear();
      byText.set(text, value);
    }
    cache.set(key, value);
    return value;
  };
  const readLenient = (options: Readonly<Record<string, unknown>> | undefined): T => {
    try {
      return read(options);
    } catch {
      return read(undefined);
    }
  };
  return { schema, read, readLenient };
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * The `verification` object of the REST API also carries `scheme` and `secrets`; they are not
 * options, so they are dropped before validation (and never stored with the options).
 */
export function withoutReserved(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const { scheme: _scheme, secrets: _secrets, ...rest } = input as Record<string, unknown>;
  return rest;
}
