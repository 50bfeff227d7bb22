import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { HttpSink, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { createTenant, type Tenant } from './support/fixtures.js';
import {
  bodyArbitrary,
  bogusIngestPath,
  requestArbitrary,
  type FuzzRequest,
} from './support/providers/fuzz-arbitraries.js';
import {
  eventStates,
  post,
  routedSource,
  type TestSource,
  type Wire,
} from './support/providers/ingest-client.js';
import {
  nowSeconds,
  slackSignature,
  standardWebhookHeaders,
  stripeSignature,
  twilioSignature,
} from './support/providers/signers.js';
import { rawRequest, type RawAnswer } from './support/providers/raw-http.js';

// Fuzzes POST /ingest/{id} through the real HTTP server: whatever arrives, the gateway answers
// below 500, every error is {"error":{"code","message"}}, nothing crashes, and the worker normalizes
// whatever was accepted. Runs and seed can be pinned: FUZZ_RUNS=20000 FUZZ_SEED=123 npm test.
// Node's HTTP client refuses to send some bytes (see fuzz-arbitraries.ts); the raw-socket tests at
// the end send those by hand.

const MAX_BYTES = 2048;
const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** How many cases a property runs: a share of FUZZ_RUNS, so every property scales with it. */
const runs = (share: number) => Math.max(1, Math.round(RUNS * share));
const fcOptions = (share: number) => ({
  numRuns: runs(share),
  ...(SEED === undefined ? {} : { seed: SEED }),
});

/** One source per scheme, plus the configurable schemes with non-default options. */
const VERIFICATIONS: Array<Record<string, unknown>> = [
  { scheme: 'github', allowSha1: true },
  { scheme: 'stripe' },
  { scheme: 'shopify' },
  { scheme: 'slack' },
  { scheme: 'twilio' },
  { scheme: 'zendesk' },
  { scheme: 'standard-webhooks' },
  { scheme: 'hmac' },
  {
    scheme: 'hmac',
    header: 'x-signature',
    prefix: '',
    algorithm: 'sha512',
    encoding: 'base64url',
    signedContent: '{timestamp}.{id}.{body}',
    timestampHeader: 'webhook-timestamp',
    idHeader: 'x-event-id',
    detailTypeHeader: 'x-event-type',
  },
  { scheme: 'basic', idHeader: 'x-event-id', detailTypeHeader: 'x-event-type' },
  { scheme: 'api-key', header: 'authorization', queryParam: 'key' },
  { scheme: 'none', idHeader: 'x-event-id', detailTypeHeader: 'x-event-type' },
];

let h: Harness;
let t: Tenant;
let sink: HttpSink;
let sources: TestSource[];
let hmacSource: TestSource;

/** The first source of a scheme (the one with default options). */
const byScheme = (scheme: string): TestSource =>
  sources[VERIFICATIONS.findIndex((v) => v.scheme === scheme)] as TestSource;

before(async () => {
  h = await startHarness({
    env: {
      HOOKBRIDGE_INGEST_MAX_BYTES: String(MAX_BYTES),
      HOOKBRIDGE_PUBLIC_URL: 'https://hooks.example.com',
    },
  });
  t = await createTenant(h);
  sink = await new HttpSink().start();
  // Every source routes (so the worker normalizes what is accepted) through a rule that matches
  // nothing, so thousands of events cost no deliveries.
  const never = { 'detail-type': ['hookbridge-fuzz-never-matches'] };
  sources = [];
  for (const v of VERIFICATIONS) sources.push(await routedSource(h, t, sink, v, never));
  hmacSource = byScheme('hmac');
});

after(async () => {
  await h?.close();
  await sink?.stop();
});

function send(path: string, req: FuzzRequest): Promise<Response> {
  const url = `${path}${req.query}`;
  const agent = h.http();
  const open = { GET: agent.get, PUT: agent.put, PATCH: agent.patch, DELETE: agent.delete, POST: agent.post };
  let r = open[req.method].call(agent, url);
  for (const [name, value] of req.headers) r = r.set(name, value);
  if (req.contentType !== undefined) r = r.set('content-type', req.contentType);
  if (req.method === 'GET') return r;
  // The bytes go out as generated: superagent would otherwise re-serialise a Buffer whose
  // Content-Type is JSON or form (JSON.stringify(buffer), qs.stringify(buffer)).
  return r.serialize((data: Buffer) => data as unknown as string).send(req.body);
}

/** The one error shape, on any answer that is not a success. */
function assertErrorShape(status: number, contentType: string | undefined, text: string, what: string): void {
  assert.match(
    String(contentType),
    /^application\/json/,
    `${what}: ${status} with content-type ${contentType}: ${text.slice(0, 300)}`,
  );
  let body: unknown;
  assert.doesNotThrow(
    () => (body = JSON.parse(text)),
    `${what}: ${status} body is not JSON: ${text.slice(0, 300)}`,
  );
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  assert.equal(typeof error?.code, 'string', `${what}: ${status} ${text.slice(0, 300)}`);
  assert.equal(typeof error?.message, 'string', `${what}: ${status} ${text.slice(0, 300)}`);
}

/** Never a 5xx; a success is an event id (or Slack's plain-text challenge); anything else the error shape. */
function assertSane(res: Response, what: string): void {
  assert.ok(res.status < 500, `${what}: ${res.status} ${res.text.slice(0, 300)}`);
  if (res.status === 200 && /^text\/plain/.test(String(res.headers['content-type']))) return;
  if (res.status === 200 || res.status === 202) {
    assert.equal(typeof res.body.eventId, 'string', `${what}: ${res.status} ${res.text.slice(0, 300)}`);
    return;
  }
  assertErrorShape(res.status, res.headers['content-type'], res.text, what);
}

async function assertAlive(): Promise<void> {
  const res = await h.http().get('/health/live');
  assert.equal(res.status, 200, `the gateway still answers /health/live: ${res.status} ${res.text}`);
}

describe('ingest fuzzing', () => {
  test(`random headers, bodies, encodings and content types against every scheme (${runs(1)} cases)`, async (ctx) => {
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: sources.length - 1 }),
        requestArbitrary(MAX_BYTES),
        async (i, req) => {
          const res = await send((sources[i] as TestSource).ingestPath, req);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          assertSane(res, `${JSON.stringify(VERIFICATIONS[i])} ${req.method}`);
        },
      ),
      fcOptions(1),
    );
    ctx.diagnostic(`statuses: ${JSON.stringify(statuses)}`);
    if (RUNS >= 1000) {
      assert.ok(
        (statuses[202] ?? 0) > 0 && (statuses[401] ?? 0) > 0 && (statuses[413] ?? 0) > 0,
        'the generators reach acceptance, rejection and the size cap',
      );
    }
    await assertAlive();
    // Whatever was accepted is normalized by the worker without a failure: nothing stays unrouted.
    await waitFor(
      'every accepted fuzz event to be routed',
      async () => {
        const states = await eventStates(h, t.accountId);
        return Object.keys(states).every((s) => s === 'routed') ? states : undefined;
      },
      30_000,
    );
  });

  test(`any bytes with any listed content type, correctly signed, are accepted as they are (${runs(0.2)} cases)`, async () => {
    const mediaTypes = fc.constantFrom(
      undefined,
      'application/json',
      'text/plain; charset=latin1',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
      'image/png',
    );
    const bodies = bodyArbitrary(MAX_BYTES).filter((b) => b.length <= MAX_BYTES);
    await fc.assert(
      fc.asyncProperty(bodies, mediaTypes, async (body, contentType) => {
        const signature = `sha256=${createHmac('sha256', hmacSource.secret).update(body).digest('hex')}`;
        const res = await send(hmacSource.ingestPath, {
          method: 'POST',
          query: '',
          headers: [['x-signature', signature]],
          contentType,
          body,
        });
        assert.ok(
          res.status === 202 || res.status === 200,
          `${contentType}, ${body.length} bytes: ${res.status} ${res.text}`,
        );
      }),
      fcOptions(0.2),
    );
    await assertAlive();
  });

  test(`random content signed by the vendors' own libraries is accepted (${runs(0.16)} cases)`, async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 300 });
    const formParams = fc.dictionary(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.array(fc.string({ unit: 'grapheme', maxLength: 8 }), { minLength: 1, maxLength: 3 }),
      ),
      { maxKeys: 6 },
    );
    const twilio = byScheme('twilio');
    const signed = fc.oneof(
      formParams.map((p): [TestSource, Wire] => {
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(p)) for (const one of [v].flat()) form.append(k, one);
        const headers = {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(twilio.secret, twilio.ingestUrl, p),
          'i-twilio-idempotency-token': randomUUID(),
        };
        return [twilio, { body: form.toString(), headers }];
      }),
      text.map((body): [TestSource, Wire] => {
        const s = byScheme('stripe');
        return [
          s,
          {
            body,
            headers: {
              'content-type': 'application/json',
              'stripe-signature': stripeSignature(s.secret, body, nowSeconds()),
            },
          },
        ];
      }),
      text.map((body): [TestSource, Wire] => {
        const s = byScheme('standard-webhooks');
        const headers = standardWebhookHeaders(
          'webhook',
          s.secret,
          `msg_${randomUUID()}`,
          nowSeconds(),
          body,
        );
        return [s, { body, headers: { 'content-type': 'application/json', ...headers } }];
      }),
      text.map((body): [TestSource, Wire] => {
        const s = byScheme('slack');
        const ts = String(nowSeconds());
        const headers = {
          'content-type': 'text/plain',
          'x-slack-request-timestamp': ts,
          'x-slack-signature': slackSignature(s.secret, ts, body),
        };
        return [s, { body, headers }];
      }),
    );
    await fc.assert(
      fc.asyncProperty(signed, async ([source, wire]) => {
        const res = await post(h, source, wire);
        assert.ok(
          res.status === 202 || res.status === 200,
          `${JSON.stringify(wire)}: ${res.status} ${res.text}`,
        );
      }),
      fcOptions(0.16),
    );
    await assertAlive();
  });

  test(`bogus ingest ids and paths → 4xx in the JSON error shape (${runs(0.2)} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(bogusIngestPath, requestArbitrary(MAX_BYTES), async (path, generated) => {
        // POST only: a GET of an unknown path may be one of the dashboard's client routes (HTML).
        const req = { ...generated, method: 'POST' as const };
        const res = await send(path, req);
        assert.ok(
          res.status >= 400 && res.status < 500,
          `${req.method} ${path}: ${res.status} ${res.text.slice(0, 300)}`,
        );
        assertErrorShape(res.status, res.headers['content-type'], res.text, `${req.method} ${path}`);
      }),
      fcOptions(0.2),
    );
    await assertAlive();
  });

  test('a header block over the server limit (16 KiB) → 431 in the JSON error shape', async () => {
    const res = await h
      .http()
      .post(hmacSource.ingestPath)
      .set('x-signature', `sha256=${'0'.repeat(20_000)}`)
      .send(Buffer.from('{}'));
    assert.equal(res.status, 431);
    assertErrorShape(res.status, res.headers['content-type'], res.text, 'oversized header block');
    await assertAlive();
  });

  /** A raw HTTP/1.1 request, `Connection: close` added. */
  const rawHead = (lines: string[], body = '') =>
    Buffer.from(`${lines.join('\r\n')}\r\nConnection: close\r\n\r\n${body}`, 'latin1');
  const gatewayPort = () => (h.gateway.getHttpServer().address() as AddressInfo).port;

  test('bytes Node cannot send (control characters, malformed framing) → 400 in the JSON error shape, no crash', async () => {
    const path = hmacSource.ingestPath;
    const cases: Record<string, Buffer> = {
      'a control character in a header value': rawHead([
        `POST ${path} HTTP/1.1`,
        'Host: a',
        'X-Signature: sha256=\x01',
        'Content-Length: 0',
      ]),
      'a NUL in a header value': rawHead([
        `POST ${path} HTTP/1.1`,
        'Host: a',
        'X-Hub-Signature-256: \x00',
        'Content-Length: 0',
      ]),
      'a space in a header name': rawHead([
        `POST ${path} HTTP/1.1`,
        'Host: a',
        'X Signature: 1',
        'Content-Length: 0',
      ]),
      'raw non-ASCII bytes in the path': rawHead([
        `POST /ingest/\xff\xfe HTTP/1.1`,
        'Host: a',
        'Content-Length: 0',
      ]),
      'a non-numeric Content-Length': rawHead([`POST ${path} HTTP/1.1`, 'Host: a', 'Content-Length: abc']),
      'a broken chunked body': rawHead(
        [`POST ${path} HTTP/1.1`, 'Host: a', 'Transfer-Encoding: chunked'],
        'zz\r\n',
      ),
    };
    for (const [what, bytes] of Object.entries(cases)) {
      const answer: RawAnswer = await rawRequest(gatewayPort(), bytes);
      assert.ok(answer.status >= 400 && answer.status < 500, `${what}: ${answer.status}`);
      assertErrorShape(answer.status, answer.headers['content-type'], answer.body, what);
    }
    await assertAlive();
  });

  test('invalid UTF-8 in header values, parameters and body gets an ordinary verdict', async () => {
    const path = hmacSource.ingestPath;
    const answer = await rawRequest(
      gatewayPort(),
      rawHead(
        [
          `POST ${path} HTTP/1.1`,
          'Host: a',
          'X-Signature: sha256=\xc3\x28\xff',
          'Content-Type: application/json; charset=\xff',
          'Content-Length: 3',
        ],
        '\xff\xfe\x00',
      ),
    );
    assert.equal(answer.status, 401, answer.body);
    assertErrorShape(answer.status, answer.headers['content-type'], answer.body, 'invalid UTF-8');
    assert.equal(JSON.parse(answer.body).error.code, 'MalformedSignature');
    await assertAlive();
  });
});
