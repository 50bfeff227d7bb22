import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SourcesRepository } from '#libs/domain';
import { InvalidationService } from '#libs/queue';
import { SourceCache } from '../apps/gateway/src/ingest/source-cache.js';
import { startHarness, type Harness } from './support/harness.js';
import { associate, createSource, createTenant, sendSigned, type Tenant } from './support/fixtures.js';

/**
 * The gateway's cache of sources by ingest id: requests that miss it together share one load, so a
 * cold or expired entry of a busy source costs one read (and one pooled connection), not one per
 * request.
 */
describe("the gateway's source cache", () => {
  let h: Harness;
  let t: Tenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
  });
  after(async () => {
    await h.close();
  });

  /** Counts the loads of a source by ingest id; each still reads PostgreSQL. */
  function countLoads(): { count: () => number; restore: () => void } {
    const repo = h.gateway.get(SourcesRepository);
    const original = repo.findByIngestId.bind(repo);
    let loads = 0;
    repo.findByIngestId = (ingestId: string) => {
      loads += 1;
      return original(ingestId);
    };
    return { count: () => loads, restore: () => (repo.findByIngestId = original) };
  }

  const ingestIdOf = (path: string) => path.split('/').pop() ?? '';

  test('webhooks that miss the cache together share one load of their source', async () => {
    const s = await createSource(h, t);
    await associate(h, t, s.name);
    const loads = countLoads();
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => sendSigned(h, s, { n })));
      assert.deepEqual(
        answers.map((a) => a.status),
        Array.from({ length: 20 }, () => 202),
      );
      assert.equal(loads.count(), 1);
    } finally {
      loads.restore();
    }
  });

  test('a source that changes while its load runs is loaded anew for the callers after the change', async () => {
    const s = await createSource(h, t);
    const ingestId = ingestIdOf(s.ingestPath);
    const cache = h.gateway.get(SourceCache);
    const loads = countLoads();
    try {
      const first = cache.get(ingestId);
      const joined = cache.get(ingestId);
      assert.equal(loads.count(), 1, 'the second caller joined the first load');
      await h.gateway.get(InvalidationService).publish('source', ingestId);
      const afterChange = cache.get(ingestId);
      assert.equal(loads.count(), 2, 'a caller after the change did not join the load that began before it');
      const [a, b, c] = await Promise.all([first, joined, afterChange]);
      assert.equal(a?.name, s.name);
      assert.equal(b?.name, s.name);
      assert.equal(c?.name, s.name);
    } finally {
      loads.restore();
    }
  });
});
