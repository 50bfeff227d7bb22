import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '#libs/config';
import { freePort } from '#libs/testing';
import { serveWorkerMetrics } from '../apps/worker/src/metrics-server.js';
import { type Harness, startHarness } from './support/harness.js';

const TOKEN = 'metrics-scrape-token-0123456789';

/**
 * `/metrics` shows totals across every tenant: with HOOKBRIDGE_METRICS_TOKEN set, the gateway's and
 * the worker's answer only that bearer token.
 */
describe('metrics behind a bearer token', () => {
  let h: Harness;
  let workerUrl: string;
  let closeWorker: (() => Promise<void>) | undefined;
  before(async () => {
    h = await startHarness({ worker: false, env: { HOOKBRIDGE_METRICS_TOKEN: TOKEN } });
    const port = await freePort();
    const server = await serveWorkerMetrics(
      loadConfig({ HOST: '127.0.0.1', WORKER_METRICS_PORT: String(port), HOOKBRIDGE_METRICS_TOKEN: TOKEN }),
    );
    closeWorker = server?.close;
    workerUrl = `http://127.0.0.1:${port}/metrics`;
  });
  after(async () => {
    await closeWorker?.();
    await h.close();
  });

  const refusals: Array<[string, Record<string, string>]> = [
    ['no Authorization header', {}],
    ['another token', { authorization: 'Bearer metrics-scrape-token-wrong-wrong' }],
    ['the token under another scheme', { authorization: `Basic ${TOKEN}` }],
    ['the token without a scheme', { authorization: TOKEN }],
  ];

  test('the gateway: 401 with a JSON error without the token, the metrics with it', async () => {
    for (const [what, headers] of refusals) {
      const res = await h.http().get('/metrics').set(headers);
      assert.equal(res.status, 401, what);
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="metrics"');
      assert.equal(res.body.error.code, 'Unauthorized', what);
      assert.doesNotMatch(res.text, /# TYPE/, what);
    }
    for (const scheme of ['Bearer', 'bearer']) {
      const res = await h.http().get('/metrics').set('authorization', `${scheme} ${TOKEN}`).expect(200);
      assert.match(res.headers['content-type'] ?? '', /^text\/plain/);
      assert.match(res.text, /^# TYPE hookbridge_ingest_requests_total counter$/m);
    }
  });

  test("the worker's listener: the same", async () => {
    for (const [what, headers] of refusals) {
      const res = await fetch(workerUrl, { headers });
      assert.equal(res.status, 401, what);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="metrics"');
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'Unauthorized', what);
    }
    const res = await fetch(workerUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /^# TYPE hookbridge_deliveries_total counter$/m);
    // Its liveness stays open, for the container's health check.
    assert.equal((await fetch(workerUrl.replace('/metrics', '/health/live'))).status, 200);
  });
});
