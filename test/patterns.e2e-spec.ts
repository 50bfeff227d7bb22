import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpSink, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { as, associate, createSource, createTenant, enc, type Tenant } from './support/fixtures.js';

const envelope = (detail: object, source = 'com.example') => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'order',
  source,
  account: '111122223333',
  time: '2026-11-27T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

describe('patterns over REST: test-event-pattern, explain, PutEvents, PutPartnerEvents', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  before(async () => {
    h = await startHarness();
    t = await createTenant(h);
    sink = await new HttpSink().start();
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  test('POST /v1/test-event-pattern answers true/false; an invalid pattern is InvalidEventPatternException', async () => {
    const yes = await h
      .http()
      .post('/v1/test-event-pattern')
      .set(as(t.accountToken))
      .send({
        eventPattern: '{"detail":{"total":[{"numeric":[">",100]}]}}',
        event: JSON.stringify(envelope({ total: 250 })),
      })
      .expect(200);
    assert.deepEqual(yes.body, { result: true });
    const no = await h
      .http()
      .post('/v1/test-event-pattern')
      .set(as(t.accountToken))
      .send({
        eventPattern: { detail: { total: [{ numeric: ['>', 100] }] } },
        event: envelope({ total: 50 }),
      })
      .expect(200);
    assert.deepEqual(no.body, { result: false });
    const bad = await h
      .http()
      .post('/v1/test-event-pattern')
      .set(as(t.accountToken))
      .send({ eventPattern: '{"detail":{"total":[{"numeric":[">"]}]}}', event: envelope({}) })
      .expect(400);
    assert.equal(bad.body.error.code, 'InvalidEventPatternException');
    const badEvent = await h
      .http()
      .post('/v1/test-event-pattern')
      .set(as(t.accountToken))
      .send({ eventPattern: '{"source":["x"]}', event: '{"not":"an envelope"}' })
      .expect(400);
    assert.equal(badEvent.body.error.code, 'ValidationException');
    const rule = await h
      .http()
      .put('/v1/event-buses/default/rules/bad')
      .set(as(t.accountToken))
      .send({ eventPattern: '{"source": "not-an-array"}' })
      .expect(400);
    assert.equal(rule.body.error.code, 'InvalidEventPatternException');
  });

  test('explain names, for each rule of a real bus, the field and operator that failed', async () => {
    await h.http().post('/v1/event-buses').set(as(t.accountToken)).send({ name: 'orders' }).expect(201);
    await h
      .http()
      .put('/v1/event-buses/orders/rules/big')
      .set(as(t.accountToken))
      .send({ eventPattern: { detail: { total: [{ numeric: ['>', 100] }] } } })
      .expect(200);
    await h
      .http()
      .put('/v1/event-buses/orders/rules/eu')
      .set(as(t.accountToken))
      .send({ eventPattern: { detail: { region: [{ prefix: 'eu-' }] } } })
      .expect(200);
    const res = await h
      .http()
      .post('/v1/event-buses/orders/explain')
      .set(as(t.accountToken))
      .send({ event: envelope({ total: 250, region: 'us-west-2' }) })
      .expect(200);
    const byRule = Object.fromEntries(res.body.items.map((i: { rule: string }) => [i.rule, i]));
    assert.equal(byRule.big.matched, true);
    assert.equal(byRule.eu.matched, false);
    assert.equal(byRule.eu.path, 'detail.region');
    assert.match(byRule.eu.operator, /prefix/);
    assert.equal(typeof byRule.eu.reason, 'string');
    await h
      .http()
      .post('/v1/event-buses/nope/explain')
      .set(as(t.accountToken))
      .send({ event: envelope({}) })
      .expect(404);
  });

  test('PutEvents delivers to the matching rules of the named bus; entries fail one by one', async () => {
    await h.http().post('/v1/event-buses').set(as(t.accountToken)).send({ name: 'custom' }).expect(201);
    await h
      .http()
      .put('/v1/event-buses/custom/rules/r')
      .set(as(t.accountToken))
      .send({ eventPattern: { source: ['com.example'], detail: { n: [300] } } })
      .expect(200);
    await h
      .http()
      .put('/v1/event-buses/custom/rules/r/targets')
      .set(as(t.accountToken))
      .send({ targets: [{ id: 's', type: 'http', http: { url: `${sink.url}/put` } }] })
      .expect(200);
    const res = await h
      .http()
      .post('/v1/events')
      .set(as(t.accountToken))
      .send({
        entries: [
          { source: 'com.example', detailType: 'order', detail: '{"n": 300.0}', eventBusName: 'custom' },
          { source: 'aws.ec2', detailType: 'x', detail: '{}', eventBusName: 'custom' },
          { source: 'com.example', detailType: 'x', detail: '[1]', eventBusName: 'custom' },
          { source: 'com.example', detailType: 'x', detail: '{}', eventBusName: 'missing' },
          { source: 'com.example', detail: '{}' },
        ],
      })
      .expect(200);
    assert.equal(res.body.failedEntryCount, 4);
    assert.deepEqual(
      res.body.entries.slice(1).map((e: { errorCode: string }) => e.errorCode),
      ['NotAuthorizedForSourceException', 'MalformedDetail', 'ResourceNotFoundException', 'InvalidArgument'],
    );
    const id = res.body.entries[0].eventId as string;
    const [req] = await sink.waitForRequests(1);
    assert.equal(JSON.parse(req?.body ?? '{}').id, id);
    assert.match(
      req?.body ?? '',
      /"detail":\{"n": 300\.0\}/,
      'numeric matching used the value; the text is kept',
    );
    await h.http().post('/v1/events').set(as(t.accountToken)).send({ entries: [] }).expect(400);
  });

  test('PutPartnerEvents puts events on the partner source; held until the bus can deliver', async () => {
    const s = await createSource(h, t);
    const put = await h
      .http()
      .post('/v1/partner-events')
      .set(as(t.partnerToken))
      .send({
        entries: [
          { source: s.name, detailType: 'ticket.created', detail: { id: 7 } },
          { source: `aws.partner/${t.partner}/not-mine-${Date.now()}`, detailType: 'x', detail: {} },
        ],
      })
      .expect(200);
    assert.equal(put.body.failedEntryCount, 1);
    assert.equal(put.body.entries[1].errorCode, 'NotAuthorizedForSourceException');
    const eventId = put.body.entries[0].eventId as string;
    await associate(h, t, s.name);
    await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/r`)
      .set(as(t.accountToken))
      .send({ eventPattern: { 'detail-type': ['ticket.created'] } })
      .expect(200);
    await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/r/targets`)
      .set(as(t.accountToken))
      .send({ targets: [{ id: 's', type: 'http', http: { url: `${sink.url}/partner` } }] })
      .expect(200);
    await waitFor('the partner event at the sink', () =>
      sink.requests.some((r) => r.url === '/partner' && JSON.parse(r.body).id === eventId),
    );
    await h
      .http()
      .post('/v1/partner-events')
      .set(as(t.accountToken))
      .send({ entries: [{ source: s.name, detailType: 'x', detail: {} }] })
      .expect(403);
  });
});
