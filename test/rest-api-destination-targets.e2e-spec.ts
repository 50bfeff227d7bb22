import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { HttpSink, type SinkRequest, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import {
  createPipeline,
  createTenant,
  enc,
  type CreatedSource,
  sendSigned,
  type Tenant,
} from './support/fixtures.js';
import { issueKey, sdkClient } from './support/eventbridge.js';
import {
  apiKeyConnection,
  assertNoSecrets,
  type Json,
  restClient,
  type RestClient,
  storedRows,
} from './support/rest-connections.js';

// A REST target of type `api-destination` is resolved as the EventBridge API's PutTargets resolves
// an API destination ARN: it calls with the connection's credentials and parameters and follows
// the destination and its connection afterwards (a deauthorization disables it).

const secret = (name: string) => `${name}-${randomBytes(9).toString('hex')}`;

describe('REST: rule targets of type api-destination', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let api: RestClient;
  before(async () => {
    h = await startHarness();
    t = await createTenant(h);
    sink = await new HttpSink().start();
    api = restClient(h, t);
  });
  after(async () => {
    await sink?.stop();
    await h?.close();
  });

  const targetsOf = (s: CreatedSource) => `/v1/event-buses/${enc(s.name)}/rules/all/targets`;
  const listed = async (s: CreatedSource): Promise<Json[]> =>
    (await api.expect('get', targetsOf(s), 200)).items as Json[];
  /** Sends a webhook and waits for its delivery at `path` (the sink's path, without the query). */
  const deliveredAt = async (s: CreatedSource, path: string): Promise<SinkRequest> => {
    const marker = secret('m');
    await sendSigned(h, s, { marker }).expect(202);
    return waitFor(`the delivery at ${path}`, () =>
      sink.requests.find((r) => r.url.split('?')[0] === path && r.body.includes(marker)),
    );
  };
  const destinationTarget = (id: string, name: string, more: object = {}) => ({
    id,
    type: 'api-destination',
    apiDestination: { name },
    ...more,
  });

  test("calls with the connection's API key and parameters, and says which destination it names", async () => {
    const [key, token, sig, pin] = [secret('key'), secret('tok'), secret('sig'), secret('pin')];
    await api.expect(
      'post',
      '/v1/connections',
      201,
      apiKeyConnection('shop', key, {
        headerParameters: [
          { key: 'x-plain', value: 'p' },
          { key: 'x-token', value: token, isValueSecret: true },
        ],
        queryStringParameters: [{ key: 'sig', value: sig, isValueSecret: true }],
        bodyParameters: [
          { key: 'team', value: 'ops' },
          { key: 'pin', value: pin, isValueSecret: true },
        ],
      }),
    );
    const dest = await api.expect('post', '/v1/api-destinations', 201, {
      name: 'shop-orders',
      connection: 'shop',
      invocationEndpoint: `${sink.url}/orders/*`,
      httpMethod: 'POST',
    });
    const s = await createPipeline(h, t, [
      {
        id: 'dest',
        type: 'api-destination',
        apiDestination: {
          name: 'shop-orders',
          pathParameterValues: ['created'],
          headerParameters: { 'x-team': 'shop' },
        },
        inputPath: '$.detail',
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60 },
        deadLetter: true,
      },
    ]);

    const req = await deliveredAt(s, '/orders/created');
    assert.equal(req.url, `/orders/created?sig=${sig}`);
    assert.equal(req.headers['x-api-key'], key);
    assert.deepEqual(
      [req.headers['x-plain'], req.headers['x-token'], req.headers['x-team']],
      ['p', token, 'shop'],
    );
    const { marker, ...added } = JSON.parse(req.body) as Record<string, string>;
    assert.ok(marker, 'the detail, as the input path says');
    assert.deepEqual(added, { team: 'ops', pin }, "the connection's body parameters");

    const [target] = await listed(s);
    assert.equal(target?.type, 'api-destination');
    assert.deepEqual(target?.apiDestination, {
      name: 'shop-orders',
      arn: dest.arn,
      pathParameterValues: ['created'],
      headerParameters: { 'x-team': 'shop' },
    });
    assert.deepEqual(
      [target?.state, target?.inputPath, target?.deadLetter, target?.retryPolicy?.maximumRetryAttempts],
      ['ENABLED', '$.detail', true, 2],
    );
    assert.deepEqual(target?.http?.auth, { type: 'api-key' }, 'the auth type, never the key');
    // The EventBridge API lists the same target by the destination's ARN.
    const sdk = sdkClient(h, await issueKey(h, { accountId: t.accountId }));
    const aws = await sdk.send(new ListTargetsByRuleCommand({ Rule: 'all', EventBusName: s.name }));
    assert.deepEqual(
      aws.Targets?.map((x) => [x.Id, x.Arn, x.InputPath]),
      [['dest', dest.arn, '$.detail']],
    );
    const secrets = [key, token, sig, pin];
    assertNoSecrets(api.answers.join('\n'), secrets, 'the answers');
    assertNoSecrets(await storedRows(h, t.accountId), secrets, 'the stored rows');

    // The target follows a change of its destination.
    await api.expect('put', '/v1/api-destinations/shop-orders', 200, {
      invocationEndpoint: `${sink.url}/v2/*`,
    });
    const moved = await deliveredAt(s, '/v2/created');
    assert.equal(moved.headers['x-api-key'], key);
    const [refreshed] = await listed(s);
    assert.deepEqual(
      [refreshed?.http?.url, refreshed?.deadLetter, refreshed?.apiDestination?.name],
      [`${sink.url}/v2/created`, true, 'shop-orders'],
      're-resolved from its definition, keeping what REST gave',
    );
  });

  test('a deauthorized connection disables the target, whose events are kept as skipped; an update brings it back', async () => {
    const [key1, key2] = [secret('lock1'), secret('lock2')];
    await api.expect('post', '/v1/connections', 201, apiKeyConnection('lockable', key1));
    await api.expect('post', '/v1/api-destinations', 201, {
      name: 'lockable',
      connection: 'lockable',
      invocationEndpoint: `${sink.url}/lock`,
      httpMethod: 'POST',
    });
    const s = await createPipeline(h, t, [destinationTarget('hook', 'lockable')]);
    assert.equal((await deliveredAt(s, '/lock')).headers['x-api-key'], key1);

    const deauthorized = await api.expect('post', '/v1/connections/lockable/deauthorize', 200);
    assert.equal(deauthorized.state, 'DEAUTHORIZED');
    const [disabled] = await listed(s);
    assert.equal(disabled?.state, 'DISABLED');
    assert.match(disabled?.disabledReason, /Connection lockable was deauthorized/);
    assert.equal(disabled?.apiDestination?.name, 'lockable', 'it still names its destination');
    const calls = sink.requests.filter((r) => r.url === '/lock').length;
    const eventId = (await sendSigned(h, s, { n: 'while locked' }).expect(202)).body.eventId as string;
    await waitFor('the delivery to be skipped', async () => {
      const trace = await api.expect('get', `/v1/events/${eventId}`, 200);
      return trace.deliveries?.[0]?.state === 'skipped';
    });
    assert.equal(sink.requests.filter((r) => r.url === '/lock').length, calls, 'nothing sent meanwhile');

    // No new target may name the destination meanwhile; the request changes nothing.
    await api.refused(
      'put',
      targetsOf(s),
      400,
      'ValidationException',
      /^Target again: Connection lockable of API destination lockable is DEAUTHORIZED/,
      { targets: [destinationTarget('again', 'lockable')] },
    );
    assert.deepEqual(
      (await listed(s)).map((x) => x.id),
      ['hook'],
    );

    const back = await api.expect('put', '/v1/connections/lockable', 200, {
      authParameters: { apiKey: { apiKeyValue: key2 } },
    });
    assert.equal(back.state, 'AUTHORIZED');
    assert.equal((await listed(s))[0]?.state, 'ENABLED');
    assert.equal((await deliveredAt(s, '/lock')).headers['x-api-key'], key2);
  });

  test('refusals: an unknown or foreign destination, keepSecrets, parameters the endpoint cannot take', async () => {
    await api.expect('post', '/v1/connections', 201, apiKeyConnection('plain', secret('k')));
    await api.expect('post', '/v1/api-destinations', 201, {
      name: 'wild',
      connection: 'plain',
      invocationEndpoint: `${sink.url}/wild/*`,
      httpMethod: 'POST',
    });
    const s = await createPipeline(h, t, [{ id: 'plain', type: 'http', http: { url: `${sink.url}/plain` } }]);
    const refused = (targets: object[], message: RegExp) =>
      api.refused('put', targetsOf(s), 400, 'ValidationException', message, { targets });
    const wild = (more: object = {}) => ({
      ...destinationTarget('w', 'wild'),
      apiDestination: { name: 'wild', pathParameterValues: ['a'] },
      ...more,
    });

    await refused([destinationTarget('x', 'nope')], /^Target x: API destination nope does not exist\.$/);
    // Another tenant's destination does not exist for this one.
    const other = await createTenant(h);
    const theirs = restClient(h, other);
    await theirs.expect('post', '/v1/connections', 201, apiKeyConnection('theirs', secret('k')));
    await theirs.expect('post', '/v1/api-destinations', 201, {
      name: 'theirs',
      connection: 'theirs',
      invocationEndpoint: `${sink.url}/theirs`,
      httpMethod: 'POST',
    });
    await refused([destinationTarget('x', 'theirs')], /API destination theirs does not exist/);
    // With a valid entry beside it, nothing of the request is saved.
    await refused(
      [{ id: 'plain', type: 'http', http: { url: `${sink.url}/changed` } }, destinationTarget('x', 'nope')],
      /nope does not exist/,
    );
    assert.equal((await listed(s))[0]?.http?.url, `${sink.url}/plain`);
    await refused(
      [wild({ keepSecrets: ['auth'] })],
      /keepSecrets: an 'api-destination' target keeps nothing/,
    );
    await refused([destinationTarget('w', 'wild')], /1 path wildcard\(s\) but PathParameterValues has 0/);
    await refused([wild({ input: '{}', inputPath: '$.detail' })], /at most one of input, inputPath/);
    await refused([{ id: 'w', type: 'api-destination' }], /apiDestination/);
    const none = `/v1/event-buses/${enc(s.name)}/rules/none/targets`;
    await api.refused('put', none, 404, 'ResourceNotFoundException', /Rule none/, {
      targets: [wild()],
    });

    // Saved, then replaced by an HTTP target of the same id, it no longer follows the destination.
    await api.expect('put', targetsOf(s), 200, { targets: [wild()] });
    assert.equal((await listed(s)).find((x) => x.id === 'w')?.type, 'api-destination');
    // The connection's credentials stay with the connection: a target taking over the id cannot keep them.
    await api.expect('put', targetsOf(s), 200, {
      targets: [{ id: 'w', type: 'http', http: { url: `${sink.url}/own` }, keepSecrets: ['auth'] }],
    });
    assert.equal((await listed(s)).find((x) => x.id === 'w')?.http?.auth, undefined);
    await api.expect('delete', '/v1/api-destinations/wild', 204);
    const own = (await listed(s)).find((x) => x.id === 'w');
    assert.deepEqual([own?.type, own?.state, own?.apiDestination], ['http', 'ENABLED', undefined]);
  });
});
