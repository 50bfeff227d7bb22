import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { as, createTenant, type Tenant } from './support/fixtures.js';

describe('the operators’ queue board at /ops/queues', () => {
  let h: Harness;
  let t: Tenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
  });
  after(async () => h.close());

  test('is admin-only: no credentials or an account key → 401 with a Basic challenge', async () => {
    const none = await h.http().get('/ops/queues').expect(401);
    assert.match(String(none.headers['www-authenticate']), /^Basic realm=/);
    assert.equal(none.body.error.code, 'Unauthorized');
    await h.http().get('/ops/queues/api/queues').set(as(t.accountToken)).expect(401);
    const wrong = Buffer.from('admin:not-the-token').toString('base64');
    await h
      .http()
      .get('/ops/queues')
      .set({ authorization: `Basic ${wrong}` })
      .expect(401);
  });

  test('shows every Hookbridge queue to the admin (bearer or Basic auth)', async () => {
    const page = await h
      .http()
      .get('/ops/queues')
      .set({ authorization: `Basic ${Buffer.from(`admin:${h.config.adminToken}`).toString('base64')}` })
      .expect(200);
    assert.match(page.text, /<html/i);
    const api = await h.http().get('/ops/queues/api/queues').set(as(h.config.adminToken)).expect(200);
    const names = (api.body.queues as Array<{ name: string }>).map((q) => q.name).sort();
    assert.deepEqual(names, ['deliver', 'maintenance', 'replay', 'route']);
  });
});
