import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { HttpSink, hmacSignature } from '#libs/testing';
import { startHarness, type Harness } from './harness.js';
import { createPipeline, createTenant, type CreatedSource, type Tenant } from './fixtures.js';
import { endpointOf, issueKey, type AwsKey } from './eventbridge.js';
import { assertAwsError, assertRestError, signedHeaders } from './fuzz/api-fuzz.js';

// What the limits specs share: a listening gateway with short HTTP timeouts (so slow clients are cut
// off within seconds), the requests they send on each interface, and their assertions.

export const MiB = 1024 * 1024;
export const HEADERS_TIMEOUT_MS = 1_000;
export const REQUEST_TIMEOUT_MS = 2_000;
export const KEEP_ALIVE_TIMEOUT_MS = 1_000;
/**
 * Node checks the timeouts on an interval (a quarter of the headers timeout here), and the event
 * loops of both ends lag a little on a busy machine.
 */
export const SLACK_MS = 2_000;

export const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
export const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
/** An event envelope (JSON text) from source `s` with this `detail`. */
export const envelope = (detail: string) =>
  `{"version":"0","id":"1","account":"123456789012","source":"s","time":"2020-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail-type":"t","detail":${detail}}`;
export const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);
/** `{"<key>":"<invalid bytes>"}` */
export const withInvalidUtf8 = (key: string) =>
  Buffer.concat([Buffer.from(`{"${key}":"`), INVALID_UTF8, Buffer.from('"}')]);

/**
 * A gateway and worker with the timeouts above, a tenant with an EventBridge key, and a source whose
 * one rule delivers everything to `sink`. Its fields are set once the calling file's `before` ran;
 * its request and assertion helpers can be destructured.
 */
export class LimitsWorld {
  h!: Harness;
  t!: Tenant;
  key!: AwsKey;
  s!: CreatedSource;
  sink!: HttpSink;
  /** The gateway's base URL. */
  base!: string;
  port!: number;
  db!: pg.Client;

  async start(): Promise<void> {
    this.sink = await new HttpSink().start();
    this.h = await startHarness({
      env: {
        HOOKBRIDGE_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        HOOKBRIDGE_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        HOOKBRIDGE_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
      },
    });
    this.base = endpointOf(this.h);
    this.port = Number(new URL(this.base).port);
    this.t = await createTenant(this.h);
    this.key = await issueKey(this.h, { accountId: this.t.accountId });
    this.s = await createPipeline(this.h, this.t, [
      { id: 'sink', type: 'http', http: { url: `${this.sink.url}/limits` } },
    ]);
    this.db = new pg.Client({ connectionString: this.h.databaseUrl });
    await this.db.connect();
  }

  async stop(): Promise<void> {
    await this.db?.end();
    await this.h?.close();
    await this.sink?.stop();
  }

  /** A POST to the REST API with the account's token. */
  rest = (path: string, body: string | Buffer) =>
    fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.t.accountToken}`, 'content-type': 'application/json' },
      body,
    });

  /** A webhook to the source, signed. */
  ingest = (body: string | Buffer) =>
    fetch(`${this.base}${this.s.ingestPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': hmacSignature(this.s.secret, body) },
      body,
    });

  /** An EventBridge API call (`AWSEvents.<Op>`) with these exact bytes, signed with SigV4. */
  eventBridge = async (target: string, body: Buffer) => {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
    const { host: _host, ...signed } = await signedHeaders(
      this.base,
      this.h.config.region,
      this.key,
      headers,
      body,
    );
    return fetch(`${this.base}/`, { method: 'POST', headers: signed, body });
  };

  /** Asserts status, REST's error shape and its code; returns the body text. */
  restError = async (res: Response, status: number, code: string, what: string) => {
    const text = await res.text();
    assert.equal(res.status, status, `${what}: ${text.slice(0, 300)}`);
    assertRestError(res.status, text, what);
    assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, code, what);
    return text;
  };

  /** Asserts a 4xx in AWS's error shape with this `__type`; returns the body text. */
  awsError = async (res: Response, type: string, what: string) => {
    const text = await res.text();
    assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status} ${text.slice(0, 300)}`);
    assertAwsError(res.status, res.headers.get('content-type'), text, what);
    assert.equal((JSON.parse(text) as { __type: string }).__type, type, what);
    return text;
  };

  /** The gateway still answers a normal request on a fresh connection. */
  assertHealthy = async (what: string) => {
    const ready = await fetch(`${this.base}/health/ready`);
    assert.equal(ready.status, 200, `${what}: /health/ready`);
    const res = await this.ingest(JSON.stringify({ healthy: what, n: Math.random() }));
    assert.equal(res.status, 202, `${what}: a webhook after it`);
  };

  /** Asserts a 202 and returns the event id. */
  accepted = async (res: Response): Promise<string> => {
    assert.equal(res.status, 202, await res.clone().text());
    return ((await res.json()) as { eventId: string }).eventId;
  };

  /** The final check of each limits spec: the gateway and the worker are still up after all of it. */
  assertStillUp = async () => {
    await this.assertHealthy('at the end');
    const res = await this.rest(
      '/v1/test-event-pattern',
      `{"eventPattern":{"source":["s"]},"event":${envelope('{}')}}`,
    );
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), { result: true });
  };
}

/** Starts a LimitsWorld for the calling spec file (its own `before` and `after`). */
export function useLimitsWorld(): LimitsWorld {
  const world = new LimitsWorld();
  before(() => world.start());
  after(() => world.stop());
  return world;
}
