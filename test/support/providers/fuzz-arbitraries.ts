import { validateHeaderName, validateHeaderValue } from 'node:http';
import fc from 'fast-check';

/**
 * Generators for fuzzing the ingest endpoint with requests Node's own HTTP client can still send.
 * Node refuses header values with control characters (other than tab) or code points above U+00FF,
 * header names that are not RFC 9110 tokens, and request paths with spaces or non-ASCII characters
 * (ERR_INVALID_CHAR / ERR_UNESCAPED_CHARACTERS). Those are filtered out here; the raw-socket tests
 * in ingest-fuzz-wire.e2e-spec.ts send such bytes directly instead.
 */

/** One generated request: every part optional so that absence is fuzzed too. */
export interface FuzzRequest {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';
  query: string;
  headers: Array<[string, string]>;
  contentType: string | undefined;
  body: Buffer;
}

export function canSendHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

const hexChars = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const base64Of = (n: number) =>
  fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString('base64'));
const digits = fc.oneof(
  fc.integer({ min: -1e12, max: 1e13 }).map(String),
  fc.constantFrom('0', '-0', '1e3', '9'.repeat(40), 'NaN', String(Math.floor(Date.now() / 1000))),
);

/** Values shaped like the schemes' signature and timestamp headers, so parsing goes deep. */
const plausible = fc.oneof(
  hexChars(64).map((h) => `sha256=${h}`),
  hexChars(40).map((h) => `sha1=${h}`),
  hexChars(64).map((h) => `v0=${h}`),
  fc.tuple(digits, hexChars(64), fc.boolean()).map(([t, h, v0]) => `t=${t},v1=${h}${v0 ? `,v0=${h}` : ''}`),
  fc.array(base64Of(32), { minLength: 1, maxLength: 3 }).map((sigs) => sigs.map((s) => `v1,${s}`).join(' ')),
  fc.constantFrom(20, 32, 64).chain(base64Of),
  base64Of(12).map((b) => `Basic ${b}`),
  fc.string().map((s) => `Basic ${Buffer.from(s).toString('base64')}`),
  fc.string().map((s) => `Bearer ${s}`),
  digits,
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('algorithm=HMAC_SHA256', 'key=k,algorithm=HMAC_SHA1', ',,,', '=', 'v1,', 'sha256=', ' '),
);

/** Latin-1 text, UTF-8 bytes carried as Latin-1 (how a non-ASCII header arrives), empty, huge. */
const headerValue = fc
  .oneof(
    { weight: 3, arbitrary: plausible },
    { weight: 3, arbitrary: fc.string({ maxLength: 64 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 64 }) },
    {
      weight: 2,
      arbitrary: fc
        .string({ unit: 'grapheme', maxLength: 24 })
        .map((s) => Buffer.from(s, 'utf8').toString('latin1')),
    },
    { weight: 1, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 100, max: 1000 }))
        .map(([s, n]) => s.repeat(n).slice(0, 6000)),
    },
  )
  .filter((v) => canSendHeader('x-probe', v));

/** Every header some scheme reads, plus proxy and request-id headers the gateway itself looks at. */
export const INTERESTING_HEADERS = [
  'x-hub-signature-256',
  'x-hub-signature',
  'x-github-event',
  'x-github-delivery',
  'stripe-signature',
  'x-shopify-hmac-sha256',
  'shopify-hmac-sha256',
  'x-shopify-topic',
  'x-shopify-webhook-id',
  'x-shopify-triggered-at',
  'x-slack-signature',
  'x-slack-request-timestamp',
  'x-twilio-signature',
  'x-twilio-webhooks-signature-settings',
  'i-twilio-idempotency-token',
  'x-zendesk-webhook-signature',
  'x-zendesk-webhook-signature-timestamp',
  'x-zendesk-webhook-invocation-id',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'svix-id',
  'svix-timestamp',
  'svix-signature',
  'x-signature',
  'authorization',
  'x-api-key',
  'x-event-id',
  'x-event-type',
  'x-request-id',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'content-encoding',
  'accept',
] as const;

// Framing headers are the HTTP client's business (a random Content-Length would only hang the test);
// Content-Type is generated on its own.
const FRAMING = new Set([
  'content-length',
  'transfer-encoding',
  'host',
  'connection',
  'expect',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'content-type',
]);

const headerName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...INTERESTING_HEADERS) },
  {
    weight: 1,
    arbitrary: fc
      .string({
        unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&*+^`|~'),
        minLength: 1,
        maxLength: 24,
      })
      .filter((n) => !FRAMING.has(n)),
  },
);

// A huge value is kept to one header so the whole block stays under Node's 16 KiB limit; going over
// it is a deterministic test of its own.
const headers = fc
  .array(fc.tuple(headerName, headerValue), { maxLength: 8 })
  .filter((hs) => hs.reduce((n, [k, v]) => n + k.length + v.length, 0) < 8_000)
  .filter((hs) => hs.every(([k, v]) => canSendHeader(k, v)));

const MEDIA_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/octet-stream',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'APPLICATION/JSON',
  '*/*',
] as const;

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<string | undefined>(...MEDIA_TYPES) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: headerValue },
);

/** Bodies: random bytes (mostly invalid UTF-8), JSON, text, form fields, empty, and oversized. */
export function bodyArbitrary(maxBytes: number): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)) },
    { weight: 3, arbitrary: fc.json({ maxDepth: 3 }).map((j) => Buffer.from(j, 'utf8')) },
    {
      weight: 2,
      arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => Buffer.from(s, 'utf8')),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(
          fc.tuple(
            fc.string({ unit: 'grapheme', maxLength: 12 }),
            fc.string({ unit: 'grapheme', maxLength: 24 }),
          ),
          { maxLength: 6 },
        )
        .map((pairs) => Buffer.from(new URLSearchParams(pairs).toString())),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        Buffer.from([0xc3, 0x28]),
        Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
        Buffer.from('{"payload":"\udc00"}'),
        Buffer.from('payload=%7B%22type%22%3A1%7D&command=%2Fx'),
      ),
    },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: maxBytes + 1, max: maxBytes * 3 }).map((n) => Buffer.alloc(n, 0x7b)),
    },
  );
}

/** A query string (`?` included) Node will send: printable ASCII, percent-encoded where needed. */
export const queryArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: hexChars(64).map((h) => `?bodySHA256=${h}`) },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 40 })
      .map((s) => `?bodySHA256=${encodeURIComponent(s)}&key=${encodeURIComponent(s)}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: fc.constantFrom(..."abc%=&+;/?:@[]!$'()*,09AZ_-.~"), maxLength: 40 })
      .map((s) => `?${s}`),
  },
);

export function requestArbitrary(maxBytes: number): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    method: fc.oneof(
      { weight: 12, arbitrary: fc.constant('POST' as const) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('PUT' as const, 'PATCH' as const, 'DELETE' as const, 'GET' as const),
      },
    ),
    query: queryArbitrary,
    headers,
    contentType,
    body: bodyArbitrary(maxBytes),
  });
}

/** Ingest ids that exist nowhere: well-formed, random printable ASCII, bad percent-escapes, over-long. */
export const bogusIngestPath = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{32}$/).map((id) => `/ingest/${id}`),
  fc
    .string({ unit: fc.constantFrom(..."abcXYZ019-_.~!$&'()*+,;=:@%"), minLength: 1, maxLength: 64 })
    .map((id) => `/ingest/${id}`),
  fc
    .array(fc.constantFrom('%', '%z', '%zz', '%C3', '%C3%A9', '%FF', '%00', '%2F', 'A'), {
      minLength: 1,
      maxLength: 8,
    })
    .map((p) => `/ingest/${p.join('')}`),
  fc.integer({ min: 33, max: 3000 }).map((n) => `/ingest/${'A'.repeat(n)}`),
  fc.constantFrom(
    '/ingest',
    '/ingest/',
    '/ingest//',
    '/ingest/a/b',
    '/ingest/..',
    '/ingest/.%2e/v1/accounts',
    '//ingest/x',
  ),
);
