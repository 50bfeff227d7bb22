import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { createSource, createTenant, sendSigned, type CreatedSource } from './support/fixtures.js';

/** Prometheus scrapes give up after 10 s by default; an answer must come well within that. */
const SCRAPE_BUDGET_MS = 5_000;

/** The value of one sample of the exposition text, 0 when absent. */
const sample = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
};

describe('what operators see while PostgreSQL or Redis is down', () => {
  let h: Harness;
  let s: CreatedSource;
  before(async () => {
    h = await startHarness({ worker: false, proxied: true });
    s = await createSource(h, await createTenant(h));
  });
  after(async () => {
    h.proxies?.postgres.restore();
    h.proxies?.redis.restore();
    await h.close();
  });

  const scrape = async (): Promise<string> => {
    const res = await h.http().get('/metrics').timeout({ response: SCRAPE_BUDGET_MS });
    assert.equal(res.status, 200, res.text);
    return res.text;
  };
  const ready = () => h.http().get('/health/ready').timeout({ response: SCRAPE_BUDGET_MS });

  test('PostgreSQL down: ready is 503 naming it, live is 200, /metrics still answers and counts the 503s', async () => {
    const before = await scrape();
    assert.match(before, /^hookbridge_dead_letters 0$/m);
    const unavailable = 'hookbridge_ingest_requests_total{outcome="ServiceUnavailable"}';
    h.proxies?.postgres.cut();
    try {
      const r = await ready().expect(503);
      assert.equal(r.body.status, 'unavailable');
      assert.equal(r.body.checks.redis, 'ok');
      // Public: it names no error, which could show internal hosts and users (those are logged).
      assert.match(r.body.checks.postgres, /^(unavailable|timeout)$/);
      await h.http().get('/health/live').expect(200, { status: 'ok' });

      const refused = await sendSigned(h, s, { order: 1 });
      assert.equal(refused.status, 503, JSON.stringify(refused.body));
      const during = await scrape();
      assert.equal(sample(during, unavailable), sample(before, unavailable) + 1);
      assert.match(during, /^hookbridge_ingest_duration_seconds_count \d+$/m);
    } finally {
      h.proxies?.postgres.restore();
    }
    await waitFor('ready again', async () => (await ready()).status === 200, 10_000);
  });

  test('Redis down: ready is 503 naming it within its 2 s check, and /metrics still answers', async () => {
    h.proxies?.redis.cut();
    try {
      const r = await ready().expect(503);
      assert.equal(r.body.checks.postgres, 'ok');
      assert.match(r.body.checks.redis, /^(unavailable|timeout)$/);
      const during = await scrape();
      assert.match(during, /^# TYPE hookbridge_deliveries_total counter$/m);
    } finally {
      h.proxies?.redis.restore();
    }
    await waitFor('ready again', async () => (await ready()).status === 200, 10_000);
  });
});
