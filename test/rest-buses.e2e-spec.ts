import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { as, createTenant, type Tenant } from './support/fixtures.js';

// REST event buses: a custom bus's description is set at creation and changed with PATCH (a merge
// patch: left out keeps it, null removes it).

describe('REST event buses', () => {
  let h: Harness;
  let t: Tenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
  });
  after(async () => h?.close());

  const patch = (bus: string, body: object) =>
    h.http().patch(`/v1/event-buses/${bus}`).set(as(t.accountToken)).send(body);

  test('PATCH sets, keeps or removes the description and moves lastModifiedTime; bad input is a 4xx', async () => {
    const created = await h
      .http()
      .post('/v1/event-buses')
      .set(as(t.accountToken))
      .send({ name: 'orders', description: 'Orders' })
      .expect(201);
    assert.equal(created.body.description, 'Orders');

    const updated = (await patch('orders', { description: 'Orders, all regions' }).expect(200)).body;
    assert.equal(updated.description, 'Orders, all regions');
    assert.ok(Date.parse(updated.lastModifiedTime) >= Date.parse(created.body.lastModifiedTime));
    const read = await h.http().get('/v1/event-buses/orders').set(as(t.accountToken)).expect(200);
    assert.equal(read.body.description, 'Orders, all regions');
    assert.equal((await patch('orders', { description: null }).expect(200)).body.description, undefined);

    const missing = await patch('nowhere', { description: 'x' }).expect(404);
    assert.equal(missing.body.error.code, 'ResourceNotFoundException');
    // A merge patch: a member left out keeps its value.
    await patch('orders', { description: 'kept' }).expect(200);
    const same = (await patch('orders', {}).expect(200)).body;
    assert.equal(same.description, 'kept');
    for (const body of [{ description: 'x'.repeat(513) }, { description: 5 }, []]) {
      const bad = await patch('orders', body).expect(400);
      assert.equal(typeof bad.body.error.message, 'string', JSON.stringify(body));
    }
  });
});
