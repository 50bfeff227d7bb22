import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startHarness, type Harness } from './support/harness.js';
import { as, associate, createSource, createTenant, enc, type Tenant } from './support/fixtures.js';

describe('partner event source lifecycle (EventBridge §1.4)', () => {
  let h: Harness;
  let t: Tenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
  });
  after(async () => h.close());

  const state = async (name: string) => {
    const res = await h
      .http()
      .get(`/v1/event-sources/${enc(name)}`)
      .set(as(t.accountToken))
      .expect(200);
    return res.body.state as string;
  };
  const code = (res: { body: { error?: { code: string } } }) => res.body.error?.code;

  test('create → PENDING with an expiry; the account sees it, with who created it', async () => {
    const s = await createSource(h, t);
    assert.match(s.body.arn as string, /^arn:aws:events:us-east-1::event-source\/aws\.partner\//);
    assert.ok(s.body.expirationTime, 'a PENDING source has an expiration time');
    const list = await h.http().get('/v1/event-sources').set(as(t.accountToken)).expect(200);
    const mine = list.body.items.find((i: { name: string }) => i.name === s.name);
    assert.equal(mine.state, 'PENDING');
    assert.equal(mine.createdBy, t.partner);
  });

  test('associate (create the partner bus) → ACTIVE; deactivate → PENDING; activate → ACTIVE', async () => {
    const s = await createSource(h, t);
    const bus = await h
      .http()
      .post('/v1/event-buses')
      .set(as(t.accountToken))
      .send({ name: s.name, eventSourceName: s.name })
      .expect(201);
    assert.equal(bus.body.arn, `arn:aws:events:us-east-1:${t.accountId}:event-bus/${s.name}`);
    assert.equal(await state(s.name), 'ACTIVE');
    const described = await h
      .http()
      .get(`/v1/event-sources/${enc(s.name)}`)
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(described.body.expirationTime, undefined, 'an ACTIVE source does not expire');

    await h
      .http()
      .post(`/v1/event-sources/${enc(s.name)}/deactivate`)
      .set(as(t.accountToken))
      .expect(204);
    assert.equal(await state(s.name), 'PENDING');
    await h
      .http()
      .get(`/v1/event-buses/${enc(s.name)}`)
      .set(as(t.accountToken))
      .expect(200); // the bus stays
    await h
      .http()
      .post(`/v1/event-sources/${enc(s.name)}/activate`)
      .set(as(t.accountToken))
      .expect(204);
    assert.equal(await state(s.name), 'ACTIVE');
  });

  test('forbidden transitions are 4xx with clear codes', async () => {
    const s = await createSource(h, t);
    let res = await h
      .http()
      .post(`/v1/event-sources/${enc(s.name)}/deactivate`)
      .set(as(t.accountToken))
      .expect(409);
    assert.equal(code(res), 'InvalidStateException');
    res = await h
      .http()
      .post(`/v1/event-sources/${enc(s.name)}/activate`)
      .set(as(t.accountToken))
      .expect(409);
    assert.equal(code(res), 'InvalidStateException', 'no bus yet: activation needs an association');
    assert.match(res.body.error.message, /eventSourceName/);

    await associate(h, t, s.name);
    res = await h
      .http()
      .post(`/v1/event-sources/${enc(s.name)}/activate`)
      .set(as(t.accountToken))
      .expect(409);
    assert.equal(code(res), 'InvalidStateException', 'already ACTIVE');
    res = await h
      .http()
      .post('/v1/event-buses')
      .set(as(t.accountToken))
      .send({ name: s.name, eventSourceName: s.name })
      .expect(409);
    assert.equal(code(res), 'ResourceAlreadyExistsException');

    res = await h
      .http()
      .post('/v1/event-buses')
      .set(as(t.accountToken))
      .send({ name: 'other', eventSourceName: s.name })
      .expect(400);
    assert.equal(code(res), 'ValidationException', 'the bus must be named like its source');
    res = await h
      .http()
      .post('/v1/event-buses')
      .set(as(t.accountToken))
      .send({ name: `aws.partner/${t.partner}/nope`, eventSourceName: `aws.partner/${t.partner}/nope` })
      .expect(404);
    assert.equal(code(res), 'ResourceNotFoundException');
    res = await h
      .http()
      .post('/v1/event-buses')
      .set(as(t.accountToken))
      .send({ name: 'aws.custom' })
      .expect(400);
    assert.equal(code(res), 'ValidationException');
    res = await h
      .http()
      .post('/v1/partner-event-sources')
      .set(as(t.partnerToken))
      .send({ name: s.name, account: t.accountId })
      .expect(409);
    assert.equal(code(res), 'ResourceAlreadyExistsException');
    res = await h.http().delete('/v1/event-buses/default').set(as(t.accountToken)).expect(400);
    assert.equal(code(res), 'ValidationException');
  });

  test('source names follow AWS rules and the partner prefix', async () => {
    for (const name of [
      'aws.partner/only',
      `aws.partner/${t.partner}/bad name`,
      `aws.partner/${t.partner}/${'x'.repeat(260)}`,
      'custom/thing',
    ]) {
      const res = await h
        .http()
        .post('/v1/partner-event-sources')
        .set(as(t.partnerToken))
        .send({ name, account: t.accountId })
        .expect(400);
      assert.equal(code(res), 'ValidationException', name);
    }
    const res = await h
      .http()
      .post('/v1/partner-event-sources')
      .set(as(t.partnerToken))
      .send({ name: 'aws.partner/someone-else.com/x', account: t.accountId })
      .expect(400);
    assert.match(res.body.error.message, /must start with/);
    const missing = await h
      .http()
      .post('/v1/partner-event-sources')
      .set(as(t.partnerToken))
      .send({ name: `aws.partner/${t.partner}/x1`, account: '000000000000' })
      .expect(404);
    assert.equal(code(missing), 'ResourceNotFoundException');
  });

  test('deleting the partner bus → PENDING again', async () => {
    const s = await createSource(h, t);
    await associate(h, t, s.name);
    await h
      .http()
      .delete(`/v1/event-buses/${enc(s.name)}`)
      .set(as(t.accountToken))
      .expect(204);
    assert.equal(await state(s.name), 'PENDING');
    await associate(h, t, s.name);
    assert.equal(await state(s.name), 'ACTIVE');
  });

  test('partner deletes the source → bus DELETED with rules kept; recreated and re-associated → rules live again', async () => {
    const s = await createSource(h, t);
    await associate(h, t, s.name);
    await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/keep-me`)
      .set(as(t.accountToken))
      .send({ eventPattern: { source: [s.name] } })
      .expect(200);

    let res = await h
      .http()
      .delete(`/v1/partner-event-sources/${enc(s.name)}`)
      .query({ account: '999999999999' })
      .set(as(t.partnerToken))
      .expect(404);
    assert.equal(code(res), 'ResourceNotFoundException', 'the account must match');
    await h
      .http()
      .delete(`/v1/partner-event-sources/${enc(s.name)}`)
      .query({ account: t.accountId })
      .set(as(t.partnerToken))
      .expect(204);
    assert.equal(await state(s.name), 'DELETED');
    const bus = await h
      .http()
      .get(`/v1/event-buses/${enc(s.name)}`)
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(bus.body.state, 'DELETED');
    const rules = await h
      .http()
      .get(`/v1/event-buses/${enc(s.name)}/rules`)
      .set(as(t.accountToken))
      .expect(200);
    assert.deepEqual(
      rules.body.items.map((r: { name: string }) => r.name),
      ['keep-me'],
    );
    res = await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/new`)
      .set(as(t.accountToken))
      .send({ eventPattern: { source: ['x'] } })
      .expect(409);
    assert.equal(code(res), 'InvalidStateException', 'no rule changes on a DELETED bus');
    res = await h
      .http()
      .post(`/v1/event-sources/${enc(s.name)}/activate`)
      .set(as(t.accountToken))
      .expect(404);
    assert.equal(code(res), 'ResourceNotFoundException');

    await createSource(h, t, undefined, s.name);
    assert.equal(await state(s.name), 'PENDING');
    await associate(h, t, s.name);
    assert.equal(await state(s.name), 'ACTIVE');
    const revived = await h
      .http()
      .get(`/v1/event-buses/${enc(s.name)}`)
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(revived.body.state, 'ACTIVE');
    const again = await h
      .http()
      .get(`/v1/event-buses/${enc(s.name)}/rules/keep-me`)
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(again.body.state, 'ENABLED');
  });

  test('PENDING sources expire after the configured time', async () => {
    const s = await createSource(h, t);
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `UPDATE partner_event_sources SET expires_at = now() - interval '1 second' WHERE name = $1`,
        [s.name],
      );
    } finally {
      await db.end();
    }
    const { SweeperService } = await import('../apps/worker/src/maintenance/sweeper.service.js');
    const worker = await h.startWorker();
    // The worker's own scheduled maintenance may get there first; either way the source is gone.
    await worker.get(SweeperService).expireSources();
    assert.equal(await state(s.name), 'DELETED');
    const res = await h
      .http()
      .post('/v1/event-buses')
      .set(as(t.accountToken))
      .send({ name: s.name, eventSourceName: s.name })
      .expect(404);
    assert.equal(code(res), 'ResourceNotFoundException', 'an expired source can no longer be associated');
  });

  test('the partner lists its sources and each account state; secrets are never listed', async () => {
    const s = await createSource(h, t);
    const list = await h
      .http()
      .get('/v1/partner-event-sources')
      .query({ namePrefix: `aws.partner/${t.partner}/` })
      .set(as(t.partnerToken))
      .expect(200);
    const item = list.body.items.find((i: { name: string }) => i.name === s.name);
    assert.deepEqual(Object.keys(item).sort(), [
      'account',
      'arn',
      'creationTime',
      'expirationTime',
      'ingestUrl',
      'name',
      'state',
    ]);
    const accounts = await h
      .http()
      .get(`/v1/partner-event-sources/${enc(s.name)}/accounts`)
      .set(as(t.partnerToken))
      .expect(200);
    assert.deepEqual(
      accounts.body.items.map((a: { account: string; state: string }) => [a.account, a.state]),
      [[t.accountId, 'PENDING']],
    );
  });
});
