import type { VerifyResult } from '../provider.js';

/**
 * Builders for the failure results every verifier returns. Messages name the header and what was
 * wrong with it; they never contain a secret or the signature we expected.
 */
export const VERIFIED: VerifyResult = { ok: true };

/** A 401 failure with a message of the caller's own wording. */
export function failure(
  code: 'MissingSignature' | 'MalformedSignature' | 'InvalidSignature' | 'StaleTimestamp',
  message: string,
): VerifyResult {
  return { ok: false, code, status: 401, message };
}

export function missingSignature(header: string): VerifyResult {
  return { ok: false, code: 'MissingSignature', status: 401, message: `Missing ${header} header` };
}

export function malformedSignature(header: string, expected: string): VerifyResult {
  return {
    ok: false,
    code: 'MalformedSignature',
    status: 401,
    message: `Malformed ${header} header: expected ${expected}`,
  };
}

export function invalidSignature(header: string, what = 'the request'): VerifyResult {
  return {
    ok: false,
    code: 'InvalidSignature',
    status: 401,
    message: `${header} does not match ${what} for any active secret`,
  };
}

export function staleTimestamp(header: string, toleranceSeconds: number): VerifyResult {
  return {
    ok: false,
    code: 'StaleTimestamp',
    status: 401,
    message: `${header} is more than ${toleranceSeconds} s away from the time the request was received`,
  };
}

export function noSecrets(): VerifyResult {
  return {
    ok: false,
    code: 'InvalidSignature',
    status: 401,
    message: 'The event source has no active secret to verify with',
  };
}

export function unsupportedMediaType(message: string): VerifyResult {
  return { ok: false, code: 'UnsupportedMediaType', status: 415, message };
}
