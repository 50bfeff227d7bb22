import { createHmac, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { waitFor } from '#libs/testing';
import { bodyArbitrary, bogusIngestPath, requestArbitrary } from './support/providers/fuzz-arbitraries.js';
import { eventStates, post, type TestSource, type Wire } from './support/providers/ingest-client.js';
import {
  nowSeconds,
  slackSignature,
  standardWebhookHeaders,
  stripeSignature,
  twilioSignature,
} from './support/providers/signers.js';
import {
  MAX_BYTES,
  RUNS,
  VERIFICATIONS,
  assertErrorShape,
  assertSane,
  fcOptions,
  runs,
  useIngestFuzzWorld,
} from './support/fuzz/ingest-fuzz.js';

// Fuzzes POST /ingest/{id} through the real HTTP server: whatever arrives, the gateway answers
// below 500, every error is {"error":{"code","message"}}, nothing crashes, and the worker normalizes
// whatever was accepted. Runs and seed can be pinned: FUZZ_RUNS=20000 FUZZ_SEED=123 npm test.
// Node's HTTP client refuses to send some bytes (see fuzz-arbitraries.ts); ingest-fuzz-wire.e2e-spec.ts
// sends those by hand, and checks the server's own header limit.

describe('ingest fuzzing', () => {
  const w = useIngestFuzzWorld();
  const { send, assertAlive, byScheme } = w;

  test(`random headers, bodies, encodings and content types against every scheme (${runs(1)} cases)`, async (ctx) => {
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: w.sources.length - 1 }),
        requestArbitrary(MAX_BYTES),
        async (i, req) => {
          const res = await send((w.sources[i] as TestSource).ingestPath, req);
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
        const states = await eventStates(w.h, w.t.accountId);
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
        const signature = `sha256=${createHmac('sha256', w.hmacSource.secret).update(body).digest('hex')}`;
        const res = await send(w.hmacSource.ingestPath, {
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
        const res = await post(w.h, source, wire);
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
});
