import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { admin, as, createTenant, type Tenant } from './support/fixtures.js';
import { endpointOf, issueKey } from './support/eventbridge.js';
import { signedHeaders } from './support/fuzz/api-fuzz.js';

// A member a REST body or query does not declare is a 400 naming it with its path, and changes
// nothing: a typo is never answered 200 with the field silently dropped. Free-form maps (an event
// pattern, headers, an input paths map, an event's detail) take any key; the EventBridge-compatible
// API keeps accepting members it does not know, as AWS SDKs add new ones over time.

describe('REST: unknown body fields and query parameters', () => {
  let h: Harness;
  let t: Tenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
    await h
      .http()
      .put('/v1/event-buses/default/rules/r')
      .set(as(t.accountToken))
      .send({ eventPattern: { source: ['x'] }, description: 'before' })
      .expect(200);
  });
  after(async () => h?.close());

  const account = () => as(t.accountToken);
  type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** A 400 in the house shape whose message is exactly `message`. */
  const refused = async (method: Method, path: string, body: object | undefined, message: string) => {
    const req = h.http()[method](path).set(account());
    const res = body === undefined ? await req : await req.send(body);
    assert.equal(res.status, 400, `${method.toUpperCase()} ${path}: ${res.text}`);
    assert.deepEqual(res.body, { error: { code: 'ValidationException', message } });
  };
  const rule = async (name: string) => h.http().get(`/v1/event-buses/default/rules/${name}`).set(account());
  const targets = async () =>
    (await h.http().get('/v1/event-buses/default/rules/r/targets').set(account()).expect(200)).body.items;

  test('an unknown body field is a 400 naming it, and nothing is saved', async () => {
    await refused(
      'put',
      '/v1/event-buses/default/rules/typo',
      { eventPattern: { source: ['a'] }, descripton: 'x' },
      'body: unknown field "descripton"',
    );
    assert.equal((await rule('typo')).status, 404);
    // The typo of the issue: the pattern meant is named, beside the missing one.
    await refused(
      'put',
      '/v1/event-buses/default/rules/r',
      { evnetPattern: { source: ['y'] } },
      'eventPattern: Invalid input; body: unknown field "evnetPattern"',
    );
    const kept = (await rule('r')).body;
    assert.deepEqual([kept.eventPattern, kept.description], ['{"source":["x"]}', 'before']);
    // Every unknown field is named, on creates as on puts, and for the admin too.
    await refused(
      'post',
      '/v1/event-buses',
      { name: 'b', descripton: 'x', tags: [] },
      'body: unknown field "descripton"; body: unknown field "tags"',
    );
    const res = await h.http().post('/v1/accounts').set(admin(h)).send({ name: 'a', id: '1' }).expect(400);
    assert.equal(res.body.error.message, 'body: unknown field "id"');
  });

  test('an unknown nested field is a 400 naming it with its path, and nothing is saved', async () => {
    const http = { id: 'h', type: 'http', http: { url: 'https://example.com/hook' } };
    await refused(
      'put',
      '/v1/event-buses/default/rules/r/targets',
      {
        targets: [
          { ...http, http: { ...http.http, methd: 'PUT' } },
          { id: 'b', type: 'bus', bus: { name: 'default' }, retryPolicy: { maximumRetryAttemps: 3 } },
          { id: 'd', type: 'api-destination', apiDestination: { nmae: 'x', name: 'x' } },
        ],
      },
      'targets.0.http: unknown field "methd"; targets.1.retryPolicy: unknown field "maximumRetryAttemps"; ' +
        'targets.2.apiDestination: unknown field "nmae"',
    );
    assert.deepEqual(await targets(), []);
    await refused(
      'post',
      '/v1/events',
      { entries: [{ source: 's', detailType: 'd', detail: {}, evenBusName: 'default' }] },
      'entries.0: unknown field "evenBusName"',
    );
    await refused(
      'post',
      '/v1/connections',
      {
        name: 'c',
        authorizationType: 'BASIC',
        authParameters: { basic: { username: 'u', password: 'p', passwrd: 'p' } },
      },
      'authParameters.basic: unknown field "passwrd"',
    );
    assert.equal((await h.http().get('/v1/connections/c').set(account())).status, 404);
    // A partner source's verification options are the scheme's: the scheme names an unknown one.
    const source = (body: object) =>
      h.http().post('/v1/partner-event-sources').set(as(t.partnerToken)).send(body).expect(400);
    const name = `aws.partner/${t.partner}/typo`;
    const top = await source({ name, account: t.accountId, acount: t.accountId });
    assert.equal(top.body.error.message, 'body: unknown field "acount"');
    const option = await source({ name, account: t.accountId, verification: { scheme: 'hmac', headr: 'x' } });
    assert.match(option.body.error.message, /verification\.headr/);
  });

  test('free-form maps take any key', async () => {
    const put = await h
      .http()
      .put('/v1/event-buses/default/rules/r/targets')
      .set(account())
      .send({
        targets: [
          {
            id: 'h',
            type: 'http',
            http: { url: 'https://example.com/hook', headers: { 'X-Anything': 'v' } },
            inputTransformer: { inputPathsMap: { anyName: '$.detail' }, inputTemplate: '<anyName>' },
          },
        ],
      })
      .expect(200);
    assert.equal(put.body.failedEntryCount, 0, put.text);
    assert.deepEqual((await targets())[0].http.headers, { 'X-Anything': 'v' });
    const pattern = { source: ['x'], detail: { 'any-field': [{ prefix: 'a' }] } };
    const event = {
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'order',
      source: 'x',
      account: t.accountId,
      time: '2026-11-27T10:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { 'any-field': 'ab', more: 1 },
    };
    const tested = await h
      .http()
      .post('/v1/test-event-pattern')
      .set(account())
      .send({ eventPattern: pattern, event })
      .expect(200);
    assert.deepEqual(tested.body, { result: true });
    const sent = await h
      .http()
      .post('/v1/events')
      .set(account())
      .send({ entries: [{ source: 's', detailType: 'd', detail: { anyKey: { deeper: true } } }] })
      .expect(200);
    assert.equal(sent.body.failedEntryCount, 0, sent.text);
  });

  test('an unknown query parameter is a 400 naming it; the known ones are served', async () => {
    await refused('get', '/v1/event-buses?limt=1', undefined, 'query: unknown parameter "limt"');
    await refused(
      'get',
      '/v1/deliveries?stat=dead_letter&bus=default',
      undefined,
      'query: unknown parameter "stat"',
    );
    // A cache buster is a parameter like any other.
    await refused('get', '/v1/events?_=1700000000', undefined, 'query: unknown parameter "_"');
    await refused(
      'delete',
      '/v1/event-buses/default/rules/r/targets?ids=h&force=true',
      undefined,
      'query: unknown parameter "force"',
    );
    assert.equal((await targets()).length, 1, 'the target is still there');
    const res = await h.http().get('/v1/accounts?limit=1&nmaePrefix=a').set(admin(h)).expect(400);
    assert.equal(res.body.error.message, 'query: unknown parameter "nmaePrefix"');

    const buses = await h.http().get('/v1/event-buses?limit=1&namePrefix=def').set(account()).expect(200);
    assert.deepEqual(
      buses.body.items.map((b: { name: string }) => b.name),
      ['default'],
    );
    await h.http().get('/v1/deliveries?state=dead_letter&bus=default&limit=5').set(account()).expect(200);
    await h.http().get('/v1/event-buses/default/rules?namePrefix=r&limit=2').set(account()).expect(200);
  });

  test('the EventBridge-compatible API still accepts members it does not know', async () => {
    const key = await issueKey(h, { accountId: t.accountId });
    const base = endpointOf(h);
    const body = Buffer.from(
      JSON.stringify({ Name: 'from-sdk', EventPattern: '{"source":["z"]}', SomeFutureMember: { x: 1 } }),
    );
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutRule' };
    const { host: _host, ...signed } = await signedHeaders(base, h.config.region, key, headers, body);
    const res = await fetch(`${base}/`, { method: 'POST', headers: signed, body });
    assert.equal(res.status, 200, await res.text());
    assert.equal((await rule('from-sdk')).status, 200);
  });
});
