import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startHarness, type Harness } from './support/harness.js';
import { as, createTenant, type Tenant } from './support/fixtures.js';
import { apiKeyConnection, type Json, restClient, type RestClient } from './support/rest-connections.js';

// REST refuses members a body does not declare, but not the resource's own read-only members: a
// client that reads a resource with GET, changes a field and puts the whole object back is served,
// the change is made and the read-only members (arn, state, times…) are ignored, never stored.

describe('REST: a resource read, changed and put back', () => {
  let h: Harness;
  let t: Tenant;
  let api: RestClient;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
    api = restClient(h, t);
    await api.expect('post', '/v1/connections', 201, apiKeyConnection('conn', 'key-value'));
    await api.expect('post', '/v1/api-destinations', 201, {
      name: 'dest',
      connection: 'conn',
      invocationEndpoint: 'https://example.com/orders/*',
      httpMethod: 'POST',
      invocationRateLimitPerSecond: 5,
    });
  });
  after(async () => h?.close());

  /** `view` without the members a write changes by itself. */
  const settled = (view: Json, ...changing: string[]) =>
    Object.fromEntries(Object.entries(view).filter(([k]) => !changing.includes(k)));

  test('a rule', async () => {
    const path = '/v1/event-buses/default/rules/orders';
    await api.expect('put', path, 200, { eventPattern: { source: ['shop'] }, description: 'v1' });
    const read = await api.expect('get', path, 200);
    assert.deepEqual(Object.keys(read).sort(), [
      'arn',
      'description',
      'eventBusName',
      'eventPattern',
      'name',
      'state',
    ]);
    const changed = { ...read, description: 'v2', state: 'DISABLED' };
    await api.expect('put', path, 200, changed);
    assert.deepEqual(await api.expect('get', path, 200), changed);
    // A read-only member sent with another value is ignored too: the path names the rule.
    await api.expect('put', path, 200, { ...changed, arn: `${read.arn}-other`, name: 'other' });
    assert.deepEqual(await api.expect('get', path, 200), changed);
    assert.equal((await api.call('get', '/v1/event-buses/default/rules/other')).status, 404);
  });

  test("a rule's targets of every type", async () => {
    const path = '/v1/event-buses/default/rules/fan/targets';
    await api.expect('put', '/v1/event-buses/default/rules/fan', 200, { eventPattern: { source: ['x'] } });
    const put = await api.expect('put', path, 200, {
      targets: [
        {
          id: 'a-http',
          type: 'http',
          http: { url: 'https://example.com/hook', method: 'PUT', headers: { 'X-Tag': 'one' } },
          retryPolicy: { maximumRetryAttempts: 3 },
        },
        { id: 'b-bus', type: 'bus', bus: { name: 'default' }, deadLetter: false },
        {
          id: 'c-aws',
          type: 'eventbridge',
          eventbridge: {
            eventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/remote',
            region: 'us-east-1',
          },
        },
        {
          id: 'd-dest',
          type: 'api-destination',
          apiDestination: { name: 'dest', pathParameterValues: ['one'] },
        },
      ],
    });
    assert.equal(put.failedEntryCount, 0, JSON.stringify(put));
    const read = ((await api.expect('get', path, 200)).items as Json[]).sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
    assert.equal(read.length, 4);
    assert.equal(read[0]?.http.signed, false, 'the view shows read-only members');
    assert.equal(read[2]?.eventbridge.hasCredentials, false);
    assert.ok(read[3]?.http && read[3]?.apiDestination.arn && read[3]?.awsDefinition);

    const changed = read.map((target) =>
      target.type === 'api-destination'
        ? { ...target, apiDestination: { ...target.apiDestination, pathParameterValues: ['two'] } }
        : { ...target, deadLetter: true },
    );
    const again = await api.expect('put', path, 200, { targets: changed });
    assert.equal(again.failedEntryCount, 0, JSON.stringify(again));
    const reread = ((await api.expect('get', path, 200)).items as Json[]).sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
    // The destination's definition and what it resolves to follow the change; the rest is as put.
    assert.deepEqual(
      reread.map((v) => settled(v, 'awsDefinition', 'http')),
      changed.map((v) => settled(v, 'awsDefinition', 'http')),
    );
    assert.deepEqual(reread.slice(0, 3), changed.slice(0, 3));
    assert.equal(new URL(reread[3]?.http.url as string).pathname, '/orders/two');

    // What a target stores is its settings: none of the read-only members that came back.
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ config: Json }>('SELECT config FROM targets WHERE account_id = $1', [
        t.accountId,
      ]);
      assert.equal(rows.length, 4);
      const readOnly = ['arn', 'state', 'disabledReason', 'awsDefinition', 'signed', 'hasCredentials'];
      for (const { config } of rows) {
        const keys = [
          ...Object.keys(config),
          ...Object.keys(config.http ?? {}),
          ...Object.keys(config.eventbridge ?? {}),
        ];
        assert.deepEqual(
          keys.filter((k) => readOnly.includes(k)),
          [],
          JSON.stringify(config),
        );
      }
    } finally {
      await db.end();
    }
  });

  test('an API destination', async () => {
    const read = await api.expect('get', '/v1/api-destinations/dest', 200);
    const changed = { ...read, invocationEndpoint: 'https://example.com/v2/*', description: 'moved' };
    await api.expect('put', '/v1/api-destinations/dest', 200, changed);
    const reread = await api.expect('get', '/v1/api-destinations/dest', 200);
    assert.deepEqual(settled(reread, 'lastModifiedTime'), settled(changed, 'lastModifiedTime'));
  });

  test('a connection (its secret values are never shown, so they are kept)', async () => {
    await api.expect('post', '/v1/connections', 201, {
      ...apiKeyConnection('conn2', 'secret-value'),
      authParameters: {
        apiKey: { apiKeyName: 'x-api-key', apiKeyValue: 'secret-value' },
        invocationHttpParameters: { headerParameters: [{ key: 'X-Tenant', value: 'one' }] },
      },
    });
    const read = await api.expect('get', '/v1/connections/conn2', 200);
    assert.deepEqual(read.authParameters.apiKey, { apiKeyName: 'x-api-key' });
    const changed = { ...read, description: 'rotated nothing' };
    await api.expect('put', '/v1/connections/conn2', 200, changed);
    const reread = await api.expect('get', '/v1/connections/conn2', 200);
    assert.deepEqual(
      settled(reread, 'lastModifiedTime', 'lastAuthorizedTime'),
      settled(changed, 'lastModifiedTime', 'lastAuthorizedTime'),
    );
    assert.equal(reread.state, 'AUTHORIZED');
  });

  test('an event bus (a merge patch of the whole bus)', async () => {
    await api.expect('post', '/v1/event-buses', 201, { name: 'orders', description: 'v1' });
    const read = await api.expect('get', '/v1/event-buses/orders', 200);
    const changed = { ...read, description: 'v2' };
    await h.http().patch('/v1/event-buses/orders').set(as(t.accountToken)).send(changed).expect(200);
    const reread = await api.expect('get', '/v1/event-buses/orders', 200);
    assert.deepEqual(settled(reread, 'lastModifiedTime'), settled(changed, 'lastModifiedTime'));
  });
});
