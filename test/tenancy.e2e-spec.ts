import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { admin, as, associate, createSource, createTenant, enc, type Tenant } from './support/fixtures.js';

describe('tenancy', () => {
  let h: Harness;
  let a: Tenant;
  let b: Tenant;
  let sourceA: string;
  before(async () => {
    h = await startHarness({ worker: false });
    a = await createTenant(h);
    b = await createTenant(h);
    sourceA = (await createSource(h, a)).name;
    await associate(h, a, sourceA);
    await h
      .http()
      .put('/v1/event-buses/default/rules/a-rule')
      .set(as(a.accountToken))
      .send({ eventPattern: '{"source":["x"]}' })
      .expect(200);
  });
  after(async () => h.close());

  test('no token or a bad token → 401; the wrong role → 403', async () => {
    let res = await h.http().get('/v1/event-sources').expect(401);
    assert.equal(res.body.error.code, 'Unauthorized');
    res = await h.http().get('/v1/event-sources').set(as('hb_nope')).expect(401);
    assert.equal(res.body.error.code, 'Unauthorized');
    res = await h.http().get('/v1/event-sources').set(as(a.partnerToken)).expect(403);
    assert.equal(res.body.error.code, 'AccessDeniedException');
    await h.http().post('/v1/accounts').set(as(a.accountToken)).send({ name: 'x' }).expect(403);
    await h
      .http()
      .post('/v1/partner-event-sources')
      .set(as(a.accountToken))
      .send({ name: 'aws.partner/x.com/y', account: a.accountId })
      .expect(403);
  });

  test("another account's resources are 404, never visible", async () => {
    const list = await h.http().get('/v1/event-sources').set(as(b.accountToken)).expect(200);
    assert.equal(list.body.items.length, 0);
    await h
      .http()
      .get(`/v1/event-sources/${enc(sourceA)}`)
      .set(as(b.accountToken))
      .expect(404);
    await h
      .http()
      .post(`/v1/event-sources/${enc(sourceA)}/deactivate`)
      .set(as(b.accountToken))
      .expect(404);
    await h
      .http()
      .get(`/v1/event-buses/${enc(sourceA)}`)
      .set(as(b.accountToken))
      .expect(404);
    await h
      .http()
      .delete(`/v1/event-buses/${enc(sourceA)}`)
      .set(as(b.accountToken))
      .expect(404);
    await h.http().get('/v1/event-buses/default/rules/a-rule').set(as(b.accountToken)).expect(404);
    const buses = await h.http().get('/v1/event-buses').set(as(b.accountToken)).expect(200);
    assert.deepEqual(
      buses.body.items.map((x: { name: string }) => x.name),
      ['default'],
    );
    // Associating someone else's source is impossible too.
    await h
      .http()
      .post('/v1/event-buses')
      .set(as(b.accountToken))
      .send({ name: sourceA, eventSourceName: sourceA })
      .expect(404);
  });

  test("a partner sees and changes only its own partner's sources", async () => {
    const list = await h
      .http()
      .get('/v1/partner-event-sources')
      .query({ namePrefix: 'aws.partner/' })
      .set(as(b.partnerToken))
      .expect(200);
    assert.ok(list.body.items.every((i: { name: string }) => i.name.startsWith(`aws.partner/${b.partner}/`)));
    await h
      .http()
      .get(`/v1/partner-event-sources/${enc(sourceA)}`)
      .set(as(b.partnerToken))
      .expect(404);
    await h
      .http()
      .delete(`/v1/partner-event-sources/${enc(sourceA)}`)
      .query({ account: a.accountId })
      .set(as(b.partnerToken))
      .expect(404);
    await h
      .http()
      .post(`/v1/partner-event-sources/${enc(sourceA)}/secrets`)
      .set(as(b.partnerToken))
      .send({})
      .expect(404);
    const still = await h
      .http()
      .get(`/v1/event-sources/${enc(sourceA)}`)
      .set(as(a.accountToken))
      .expect(200);
    assert.equal(still.body.state, 'ACTIVE');
  });

  test('the admin acts for an account by naming it; an unknown account is 404', async () => {
    const res = await h
      .http()
      .get('/v1/event-sources')
      .set({ ...admin(h), 'x-hookbridge-account': a.accountId })
      .expect(200);
    assert.deepEqual(
      res.body.items.map((i: { name: string }) => i.name),
      [sourceA],
    );
    await h
      .http()
      .get('/v1/event-sources')
      .set({ ...admin(h), 'x-hookbridge-account': '000000000001' })
      .expect(404);
  });

  test('revoked keys stop working; tokens are stored hashed', async () => {
    const key = await h
      .http()
      .post('/v1/api-keys')
      .set(admin(h))
      .send({ accountId: a.accountId })
      .expect(201);
    await h.http().get('/v1/event-buses').set(as(key.body.token)).expect(200);
    await h.http().delete(`/v1/api-keys/${key.body.id}`).set(admin(h)).expect(204);
    await h.http().get('/v1/event-buses').set(as(key.body.token)).expect(401);
    const { default: pg } = await import('pg');
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query('SELECT * FROM api_keys WHERE id = $1', [key.body.id]);
      const stored = JSON.stringify(rows.rows[0]);
      assert.ok(!stored.includes(key.body.token), 'the bearer token is not stored');
      assert.ok(!stored.includes(key.body.secretAccessKey), 'the SigV4 secret is stored encrypted');
    } finally {
      await db.end();
    }
  });
});

describe('whoami and secret ids', () => {
  let h: Harness;
  let a: Tenant;
  before(async () => {
    h = await startHarness({ worker: false });
    a = await createTenant(h);
  });
  after(async () => h.close());

  test('whoami names the role and tenant of each kind of token', async () => {
    assert.deepEqual((await h.http().get('/v1/whoami').set(admin(h)).expect(200)).body, { role: 'admin' });
    assert.deepEqual((await h.http().get('/v1/whoami').set(as(a.accountToken)).expect(200)).body, {
      role: 'account',
      accountId: a.accountId,
    });
    assert.deepEqual((await h.http().get('/v1/whoami').set(as(a.partnerToken)).expect(200)).body, {
      role: 'partner',
      partner: a.partner,
    });
    await h.http().get('/v1/whoami').expect(401);
  });

  test('describing a source lists the ids of its active secrets, never their values', async () => {
    const s = await createSource(h, a);
    const added = await h
      .http()
      .post(`/v1/partner-event-sources/${enc(s.name)}/secrets`)
      .set(as(a.partnerToken))
      .send({})
      .expect(201);
    const res = await h
      .http()
      .get(`/v1/partner-event-sources/${enc(s.name)}`)
      .set(as(a.partnerToken))
      .expect(200);
    const ids = res.body.verification.activeSecrets.map((x: { id: string }) => x.id);
    assert.equal(ids.length, 2);
    assert.ok(ids.includes(added.body.id));
    assert.ok(!JSON.stringify(res.body).includes(added.body.secret), 'secret values are never shown again');
    assert.ok(!JSON.stringify(res.body).includes(s.secret));
  });
});
