import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hmacSignature } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { as, createSource, createTenant, enc, type CreatedSource, type Tenant } from './support/fixtures.js';

describe('POST /ingest/{sourceId}', () => {
  let h: Harness;
  let t: Tenant;
  let s: CreatedSource;
  before(async () => {
    // No worker: these tests are about what ingest itself commits and answers.
    h = await startHarness({ worker: false, env: { HOOKBRIDGE_INGEST_MAX_BYTES: '4096' } });
    t = await createTenant(h);
    s = await createSource(h, t);
  });
  after(async () => h.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    h
      .http()
      .post(path)
      .set({ 'content-type': 'application/json', ...headers })
      .send(body);

  test('a correctly signed webhook → 202 with an event id, and the event is stored', async () => {
    const body = JSON.stringify({ action: 'opened', n: 300.0 });
    const res = await post(s.ingestPath, body, { 'x-signature': hmacSignature(s.secret, body) }).expect(202);
    assert.match(res.body.eventId, /^[0-9a-f-]{36}$/);
    const ev = await h.http().get(`/v1/events/${res.body.eventId}`).set(as(t.accountToken)).expect(200);
    assert.equal(ev.body.state, 'received');
    assert.equal(ev.body.source, s.name);
  });

  test('raw bytes are verified, not a re-serialisation', async () => {
    // Whitespace and key order differ from JSON.stringify(JSON.parse(body)): only the raw bytes verify.
    const body = '{ "b": 1,   "a": [1.50, 2] }';
    await post(s.ingestPath, body, { 'x-signature': hmacSignature(s.secret, body) }).expect(202);
    await post(s.ingestPath, body, {
      'x-signature': hmacSignature(s.secret, JSON.stringify(JSON.parse(body))),
    }).expect(401);
  });

  test('bad signatures → 401 with the error shape', async () => {
    const body = JSON.stringify({ x: Math.random() });
    for (const [headers, expected] of [
      [{}, 'MissingSignature'],
      [{ 'x-signature': 'sha256=zz' }, undefined],
      [{ 'x-signature': hmacSignature('wrong-secret', body) }, 'InvalidSignature'],
      [{ 'x-signature': hmacSignature(s.secret, `${body} `) }, 'InvalidSignature'],
    ] as const) {
      const res = await post(s.ingestPath, body, headers).expect(401);
      assert.equal(typeof res.body.error.code, 'string');
      assert.equal(typeof res.body.error.message, 'string');
      if (expected) assert.equal(res.body.error.code, expected);
      assert.ok(!JSON.stringify(res.body).includes(s.secret), 'the secret never leaks');
    }
  });

  test('a duplicate → 200 with the original event id', async () => {
    const body = JSON.stringify({ id: 'evt_1', unique: Math.random() });
    const sig = { 'x-signature': hmacSignature(s.secret, body) };
    const first = await post(s.ingestPath, body, sig).expect(202);
    const second = await post(s.ingestPath, body, sig).expect(200);
    assert.deepEqual(second.body, { eventId: first.body.eventId, duplicate: true });
  });

  test('concurrent duplicates commit exactly one event', async () => {
    const body = JSON.stringify({ burst: Math.random() });
    const sig = { 'x-signature': hmacSignature(s.secret, body) };
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(s.ingestPath, body, sig)));
    const accepted = answers.filter((r) => r.status === 202);
    assert.equal(accepted.length, 1);
    assert.ok(answers.every((r) => r.body.eventId === accepted[0]?.body.eventId));
  });

  test('unknown and deleted sources → 404', async () => {
    let res = await post('/ingest/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '{}').expect(404);
    assert.equal(res.body.error.code, 'ResourceNotFoundException');
    await post('/ingest/x', '{}').expect(404);
    const gone = await createSource(h, t);
    await h
      .http()
      .delete(`/v1/partner-event-sources/${enc(gone.name)}`)
      .query({ account: t.accountId })
      .set(as(t.partnerToken))
      .expect(204);
    const body = '{}';
    res = await post(gone.ingestPath, body, { 'x-signature': hmacSignature(gone.secret, body) }).expect(404);
    assert.equal(res.body.error.code, 'ResourceNotFoundException');
  });

  test('another method → 405 with Allow: POST and the error shape, and nothing is stored', async () => {
    const before = await h.http().get('/v1/events').set(as(t.accountToken)).expect(200);
    for (const method of ['get', 'put', 'patch', 'delete'] as const) {
      const res = await h.http()[method](s.ingestPath).set('content-type', 'application/json').send('{}');
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.allow, 'POST');
      assert.equal(res.body.error.code, 'MethodNotAllowed');
    }
    const head = await h.http().head(s.ingestPath);
    assert.equal(head.status, 405);
    const afterwards = await h.http().get('/v1/events').set(as(t.accountToken)).expect(200);
    assert.equal(afterwards.body.items.length, before.body.items.length);
  });

  test('too large → 413; any content type is accepted as bytes', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(5000) });
    const res = await post(s.ingestPath, big, { 'x-signature': hmacSignature(s.secret, big) }).expect(413);
    assert.equal(res.body.error.code, 'PayloadTooLarge');
    const text = 'not json at all \u00ff';
    await h
      .http()
      .post(s.ingestPath)
      .set({ 'content-type': 'text/plain', 'x-signature': hmacSignature(s.secret, text) })
      .send(text)
      .expect(202);
    const form = 'a=1&b=2';
    await h
      .http()
      .post(s.ingestPath)
      .set({
        'content-type': 'application/x-www-form-urlencoded',
        'x-signature': hmacSignature(s.secret, form),
      })
      .send(form)
      .expect(202);
  });

  test('malformed JSON is still just bytes to ingest: verified, stored, never a 5xx', async () => {
    const broken = '{"unterminated": ';
    await post(s.ingestPath, broken, { 'x-signature': hmacSignature(s.secret, broken) }).expect(202);
  });
});
