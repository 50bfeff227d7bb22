import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { as, associate, createSource, enc } from './support/fixtures.js';
import { code, useLifecycleWorld } from './support/lifecycle.js';

// A partner event source's states through the REST API (EventBridge §1.4): associating its partner
// bus makes it ACTIVE, deactivation and deleting the bus make it PENDING, the partner deleting it
// makes it and its bus DELETED (rules kept for when it comes back); every other transition is a 4xx
// with a clear code. Creation, names, expiry and the partner's listings are in
// lifecycle-sources.e2e-spec.ts.

describe('partner event source lifecycle (EventBridge §1.4): transitions', () => {
  const w = useLifecycleWorld();

  test('associate (create the partner bus) → ACTIVE; deactivate → PENDING; activate → ACTIVE', async () => {
    const { h, t, state } = w();
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
    const { h, t } = w();
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

  test('deleting the partner bus → PENDING again', async () => {
    const { h, t, state } = w();
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
    const { h, t, state } = w();
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
});
