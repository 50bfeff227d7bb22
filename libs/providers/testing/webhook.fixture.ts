import assert from 'node:assert/strict';
import type {
  VerificationScheme,
  VerificationSettings,
  VerifyFailureCode,
  VerifyResult,
  WebhookRequest,
} from '../provider.js';

/** Test support shared by the provider specs: a fixed clock and request/settings builders. */
export const RECEIVED_AT = new Date('2026-05-01T12:00:00.000Z');
export const NOW_SECONDS = Math.floor(RECEIVED_AT.getTime() / 1000);

export function webhookRequest(init: {
  body: string | Buffer;
  headers?: Record<string, string>;
  url?: string;
  receivedAt?: Date;
}): WebhookRequest {
  return {
    rawBody: Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body, 'utf8'),
    headers: Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    url: init.url ?? 'https://hooks.example.com/v1/webhooks/src_1',
    receivedAt: init.receivedAt ?? RECEIVED_AT,
  };
}

export function settings(
  scheme: VerificationScheme,
  secrets: readonly string[],
  options: Record<string, unknown> = {},
): VerificationSettings {
  return { scheme, secrets, options };
}

/**
 * Asserts a failure with the given code, a message naming `headerName`, and none of `secrets` (or
 * other sensitive strings) in the message.
 */
export function assertFailure(
  result: VerifyResult,
  code: VerifyFailureCode,
  headerName?: string,
  sensitive: readonly string[] = [],
): void {
  assert.equal(result.ok, false, 'expected verification to fail');
  if (result.ok) return;
  assert.equal(result.code, code, result.message);
  assert.equal(result.status, code === 'UnsupportedMediaType' ? 415 : code === 'MalformedBody' ? 400 : 401);
  if (headerName) assert.match(result.message.toLowerCase(), new RegExp(escape(headerName.toLowerCase())));
  for (const s of sensitive) assert.ok(!result.message.includes(s), `message leaks ${s}`);
}

export function assertOk(result: VerifyResult): void {
  assert.deepEqual(result, { ok: true });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
