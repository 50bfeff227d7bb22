import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { as, createSource, enc } from './support/fixtures.js';
import { code, useLifecycleWorld } from './support/lifecycle.js';

// A partner event source's creation through the REST API (EventBridge §1.4): PENDING with an expiry,
// names by AWS's rules and the partner's prefix, expiry of PENDING sources by the worker's sweeper,
// and what the partner lists. The transitions between states are in
// lifecycle-transitions.e2e-spec.ts.

describe('partner event source lifecycle (EventBridge §1.4): creation, names, expiry and listing', () => {
  const w = useLifecycleWorld();

  test('create → PENDING with an expiry; the account sees it, with who created it', async () => {
    const { h, t } = w();
    const s = await createSource(h, t);
    assert.match(s.body.arn as string, /^arn:aws:events:us-east-1::event-source\/aws\.partner\//);
    assert.ok(s.body.expirationTime, 'a PENDING source has an expiration time');
    const list = await h.http().get('/v1/event-sources').set(as(t.accountToken)).expect(200);
    const mine = list.body.items.find((i: { name: string }) => i.name === s.name);
    assert.equal(mine.state, 'PENDING');
    assert.equal(mine.createdBy, t.partner);
  });

  test('source names follow AWS rules and the partner prefix', async () => {
    const { h, t } = w();
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

  test('PENDING sources expire after the configured time', async () => {
    const { h, t, state } = w();
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
    const { h, t } = w();
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
