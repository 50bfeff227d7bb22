import { createHash, createHmac } from 'node:crypto';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';

const bytes = (s: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
  typeof s === 'string'
    ? s
    : ArrayBuffer.isView(s)
      ? Buffer.from(s.buffer, s.byteOffset, s.byteLength)
      : Buffer.from(s);

class Sha256 {
  private readonly h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(d: Uint8Array): void {
    this.h.update(d);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {}
}

/** SigV4 headers for `POST /` with these exact bytes, as the SDK signs them. */
export async function signedHeaders(
  base: string,
  region: string,
  key: { accessKeyId: string; secretAccessKey: string },
  headers: Record<string, string>,
  body: Buffer,
): Promise<Record<string, string>> {
  const url = new URL(base);
  const signer = new SignatureV4({ service: 'events', region, credentials: key, sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      hostname: url.hostname,
      path: '/',
      headers: { host: url.host, ...headers },
      body,
    }),
  );
  return signed.headers;
}

/** JSON values of every type, nested a little; strings include astral and control characters. */
export const jsonValue = fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' });

/** A body for a JSON route: a random value, an object with random members, or one that looks right. */
export const jsonBody = fc.oneof(
  jsonValue,
  fc.dictionary(fc.string({ maxLength: 12 }), jsonValue, { maxKeys: 6 }),
  fc.record({ name: jsonValue, entries: fc.array(fc.dictionary(fc.string(), jsonValue), { maxLength: 3 }) }),
  fc.record({
    targets: fc.array(
      fc.dictionary(
        fc.constantFrom('id', 'type', 'http', 'bus', 'apiDestination', 'input', 'retryPolicy'),
        jsonValue,
      ),
      { maxLength: 3 },
    ),
  }),
  fc.record({ eventPattern: jsonValue, event: jsonValue, state: jsonValue }),
  // Connections and API destinations: a known type with random parameters, or random members.
  fc.record({
    name: fc.oneof(fc.constant('fuzz'), jsonValue),
    authorizationType: fc.oneof(fc.constantFrom('BASIC', 'API_KEY', 'OAUTH_CLIENT_CREDENTIALS'), jsonValue),
    authParameters: fc.dictionary(
      fc.constantFrom('basic', 'apiKey', 'oauth', 'invocationHttpParameters'),
      fc.oneof(
        jsonValue,
        fc.dictionary(
          fc.constantFrom('username', 'password', 'apiKeyName', 'apiKeyValue', 'headerParameters'),
          jsonValue,
        ),
      ),
    ),
  }),
  fc.record({
    name: jsonValue,
    connection: jsonValue,
    invocationEndpoint: fc.oneof(fc.constant('https://example.com/*'), jsonValue),
    httpMethod: fc.oneof(fc.constant('POST'), jsonValue),
  }),
);

/** Raw bodies a parser must survive: invalid UTF-8, deep nesting, huge strings, truncated JSON. */
export const rawBody = fc.oneof(
  fc.uint8Array({ maxLength: 256 }).map((a) => Buffer.from(a)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => Buffer.from(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`)),
  // Huge strings: under and just over the REST (1 MiB) and EventBridge (4 MiB) limits.
  fc
    .constantFrom(10_000, 1_048_577, 4_194_305)
    .map((n) => Buffer.from(JSON.stringify({ name: 'x'.repeat(n), Entries: 'x'.repeat(n % 7) }))),
  fc.constantFrom(
    Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    Buffer.from('{"a":"\\ud800"}'),
    Buffer.from('{"a":1'),
  ),
  jsonValue.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
);

/** REST's one error shape, exactly: `{"error":{"code","message"}}`. */
export function assertRestError(status: number, text: string, what: string): void {
  assert.ok(status < 500, `${what}: ${status} ${text.slice(0, 300)}`);
  if (status < 400) return;
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  assert.deepEqual(Object.keys(body), ['error'], `${what}: ${text.slice(0, 300)}`);
  assert.deepEqual(
    Object.keys(body.error ?? {}).sort(),
    ['code', 'message'],
    `${what}: ${text.slice(0, 300)}`,
  );
  assert.equal(typeof body.error?.code, 'string', what);
  assert.equal(typeof body.error?.message, 'string', what);
}

/** AWS JSON 1.1's error shape, exactly: `{"__type","message"}` with AWS's content type. */
export function assertAwsError(status: number, contentType: string | null, text: string, what: string): void {
  assert.ok(status < 500, `${what}: ${status} ${text.slice(0, 300)}`);
  assert.equal(contentType, 'application/x-amz-json-1.1', what);
  if (status < 400) return;
  const body = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['__type', 'message'], `${what}: ${text.slice(0, 300)}`);
  assert.equal(typeof body.__type, 'string', what);
  assert.equal(typeof body.message, 'string', what);
}
