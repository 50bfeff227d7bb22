import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { createTenant, type Tenant } from './support/fixtures.js';
import {
  apiKeyConnection,
  assertNoSecrets,
  restClient,
  type RestClient,
  storedRows,
} from './support/rest-connections.js';

// REST `/v1/connections` and `/v1/api-destinations`: the same domain as the EventBridge API's
// connection and API destination operations, in REST's shape; no secret value in any answer.

const secret = (name: string) => `${name}-${randomBytes(9).toString('hex')}`;

describe('REST: connections and API destinations', () => {
  let h: Harness;
  let t: Tenant;
  let other: Tenant;
  let api: RestClient;
  const secrets: string[] = [];
  const keep = (name: string) => {
    const s = secret(name);
    secrets.push(s);
    return s;
  };
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
    other = await createTenant(h);
    api = restClient(h, t);
  });
  after(async () => {
    // No answer of the whole file carried a secret value, nor does the database in the clear.
    assertNoSecrets(api.answers.join('\n'), secrets, 'the answers');
    assertNoSecrets(await storedRows(h, t.accountId), secrets, 'the stored rows');
    await h?.close();
  });

  test('connections: create, list, describe, update, deauthorize and delete', async () => {
    const [key, token, sig, key2] = [keep('key'), keep('tok'), keep('sig'), keep('key2')];
    const created = await api.expect(
      'post',
      '/v1/connections',
      201,
      apiKeyConnection('shop-key', key, {
        headerParameters: [
          { key: 'x-plain', value: 'p' },
          { key: 'x-token', value: token, isValueSecret: true },
        ],
        queryStringParameters: [{ key: 'sig', value: sig, isValueSecret: true }],
        bodyParameters: [{ key: 'team', value: 'ops' }],
      }),
    );
    assert.match(created.arn, new RegExp(`:${t.accountId}:connection/shop-key/[0-9a-f-]{36}$`));
    assert.equal(created.state, 'AUTHORIZED');
    assert.equal(created.authorizationType, 'API_KEY');
    const described = {
      apiKey: { apiKeyName: 'x-api-key' },
      invocationHttpParameters: {
        headerParameters: [
          { key: 'x-plain', value: 'p' },
          { key: 'x-token', isValueSecret: true },
        ],
        queryStringParameters: [{ key: 'sig', isValueSecret: true }],
        bodyParameters: [{ key: 'team', value: 'ops' }],
      },
    };
    assert.deepEqual(created.authParameters, described, 'secret values are left out');
    await api.expect('post', '/v1/connections', 201, {
      name: 'shop-basic',
      description: 'basic auth',
      authorizationType: 'BASIC',
      authParameters: { basic: { username: 'hook', password: keep('pw') } },
    });
    const oauth = await api.expect('post', '/v1/connections', 201, {
      name: 'vault-oauth',
      authorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      authParameters: {
        oauth: {
          authorizationEndpoint: 'https://auth.example.com/token',
          httpMethod: 'POST',
          clientId: 'cid',
          clientSecret: keep('client-secret'),
          httpParameters: {
            headerParameters: [{ key: 'x-tenant', value: keep('ten'), isValueSecret: true }],
          },
        },
      },
    });
    assert.deepEqual(oauth.authParameters.oauth, {
      authorizationEndpoint: 'https://auth.example.com/token',
      httpMethod: 'POST',
      clientId: 'cid',
      httpParameters: { headerParameters: [{ key: 'x-tenant', isValueSecret: true }] },
    });

    const names = async (query = '') =>
      (await api.expect('get', `/v1/connections${query}`, 200)).items.map((c: { name: string }) => c.name);
    assert.deepEqual(await names(), ['shop-basic', 'shop-key', 'vault-oauth']);
    assert.deepEqual(await names('?namePrefix=shop'), ['shop-basic', 'shop-key']);
    assert.deepEqual(await api.expect('get', '/v1/connections/shop-key', 200), created);

    // An update changes what it names: a new key value keeps the key name and the parameters.
    const updated = await api.expect('put', '/v1/connections/shop-key', 200, {
      description: 'rotated',
      authParameters: { apiKey: { apiKeyValue: key2 } },
    });
    assert.equal(updated.description, 'rotated');
    assert.deepEqual(updated.authParameters, described);

    const deauthorized = await api.expect('post', '/v1/connections/shop-key/deauthorize', 200);
    assert.equal(deauthorized.state, 'DEAUTHORIZED');
    assert.deepEqual(
      deauthorized.authParameters.invocationHttpParameters,
      {
        headerParameters: [{ key: 'x-plain', value: 'p' }],
        queryStringParameters: [],
        bodyParameters: [{ key: 'team', value: 'ops' }],
      },
      'the secret parameters went with the secrets',
    );
    assert.deepEqual(await names('?state=DEAUTHORIZED'), ['shop-key']);
    await api.refused(
      'put',
      '/v1/connections/shop-key',
      400,
      'ValidationException',
      /needs authParameters\.apiKey\.apiKeyValue/,
      {
        description: 'still locked',
      },
    );
    const back = await api.expect('put', '/v1/connections/shop-key', 200, {
      authParameters: { apiKey: { apiKeyValue: keep('key3') } },
    });
    assert.equal(back.state, 'AUTHORIZED');

    await api.expect('delete', '/v1/connections/shop-basic', 204);
    await api.refused('get', '/v1/connections/shop-basic', 404, 'ResourceNotFoundException', /shop-basic/);
    assert.deepEqual(await names(), ['shop-key', 'vault-oauth']);
    // The stored row shows the plain parameters; secret values are sealed (checked in `after`).
    assert.match(await storedRows(h, t.accountId), /x-plain/);
  });

  test('connections: refusals in the house error shape', async () => {
    const create = (body: object) => ({ name: 'refused', ...body });
    await api.refused(
      'post',
      '/v1/connections',
      400,
      'ValidationException',
      /needs authParameters\.apiKey\.apiKeyValue/,
      {
        ...create({ authorizationType: 'API_KEY', authParameters: { apiKey: { apiKeyName: 'x-api-key' } } }),
      },
    );
    await api.refused('post', '/v1/connections', 400, 'ValidationException', /may not contain basic/, {
      ...create({
        authorizationType: 'API_KEY',
        authParameters: { apiKey: { apiKeyName: 'k', apiKeyValue: 'v' }, basic: { username: 'u' } },
      }),
    });
    await api.refused('post', '/v1/connections', 400, 'ValidationException', /sets the header 'Host'/, {
      ...apiKeyConnection('refused', 'v', { headerParameters: [{ key: 'Host', value: 'x' }] }),
    });
    await api.refused('post', '/v1/connections', 400, 'ValidationException', /authorizationType/, {
      ...create({ authorizationType: 'DIGEST', authParameters: {} }),
    });
    await api.refused('post', '/v1/connections', 400, 'ValidationException', /name 'bad name' is invalid/, {
      ...apiKeyConnection('bad name', 'v'),
    });
    await api.expect('post', '/v1/connections', 201, apiKeyConnection('twice', 'v'));
    await api.refused('post', '/v1/connections', 409, 'ResourceAlreadyExistsException', /twice/, {
      ...apiKeyConnection('twice', 'v'),
    });
    for (const [method, path] of [
      ['get', '/v1/connections/nope'],
      ['put', '/v1/connections/nope'],
      ['post', '/v1/connections/nope/deauthorize'],
      ['delete', '/v1/connections/nope'],
    ] as const)
      await api.refused(
        method,
        path,
        404,
        'ResourceNotFoundException',
        /Connection nope does not exist/,
        method === 'put' ? {} : undefined,
      );
    // Another tenant's connection does not exist for this one.
    const theirs = restClient(h, other);
    await theirs.expect('post', '/v1/connections', 201, apiKeyConnection('theirs', 'v'));
    await api.refused('get', '/v1/connections/theirs', 404, 'ResourceNotFoundException', /theirs/);
    await api.refused(
      'post',
      '/v1/connections/theirs/deauthorize',
      404,
      'ResourceNotFoundException',
      /theirs/,
    );
    assert.equal((await theirs.expect('get', '/v1/connections/theirs', 200)).state, 'AUTHORIZED');
  });

  test('API destinations: create, list, describe, update and delete, naming the connection', async () => {
    const conn = await api.expect('post', '/v1/connections', 201, apiKeyConnection('dest-conn', keep('k')));
    const spare = await api.expect('post', '/v1/connections', 201, apiKeyConnection('spare-conn', keep('k')));
    const created = await api.expect('post', '/v1/api-destinations', 201, {
      name: 'orders',
      description: 'order hooks',
      connection: 'dest-conn',
      invocationEndpoint: 'https://example.com/orders/*',
      httpMethod: 'PUT',
      invocationRateLimitPerSecond: 20,
    });
    assert.match(created.arn, new RegExp(`:${t.accountId}:api-destination/orders/[0-9a-f-]{36}$`));
    assert.deepEqual(
      [created.state, created.connection, created.connectionArn, created.httpMethod],
      ['ACTIVE', 'dest-conn', conn.arn, 'PUT'],
    );
    assert.equal(created.invocationRateLimitPerSecond, 20);
    await api.expect('post', '/v1/api-destinations', 201, {
      name: 'spare',
      connection: 'spare-conn',
      invocationEndpoint: 'http://127.0.0.1:9/spare',
      httpMethod: 'POST',
    });

    const names = async (query = '') =>
      (await api.expect('get', `/v1/api-destinations${query}`, 200)).items.map(
        (d: { name: string }) => d.name,
      );
    assert.deepEqual(await names(), ['orders', 'spare']);
    assert.deepEqual(await names('?connection=dest-conn'), ['orders']);
    assert.deepEqual(await names('?namePrefix=sp'), ['spare']);
    assert.deepEqual(await api.expect('get', '/v1/api-destinations/orders', 200), created);

    const updated = await api.expect('put', '/v1/api-destinations/orders', 200, {
      invocationEndpoint: 'https://example.com/v2/*',
      httpMethod: 'POST',
    });
    assert.deepEqual(
      [
        updated.invocationEndpoint,
        updated.httpMethod,
        updated.invocationRateLimitPerSecond,
        updated.connection,
      ],
      ['https://example.com/v2/*', 'POST', 20, 'dest-conn'],
      'what the update leaves out is kept',
    );
    const moved = await api.expect('put', '/v1/api-destinations/orders', 200, { connection: 'spare-conn' });
    assert.deepEqual([moved.connection, moved.connectionArn], ['spare-conn', spare.arn]);
    // A connection deleted and made again under its name is another connection: the destinations of
    // the old one are not listed under the new one.
    await api.expect('delete', '/v1/connections/spare-conn', 204);
    await api.expect('post', '/v1/connections', 201, apiKeyConnection('spare-conn', keep('k')));
    assert.deepEqual(await names('?connection=spare-conn'), []);
    assert.deepEqual(await names('?connection=nope'), []);

    const dest = (body: object) => ({
      name: 'refused',
      connection: 'dest-conn',
      invocationEndpoint: 'https://example.com/x',
      httpMethod: 'POST',
      ...body,
    });
    await api.refused('post', '/v1/api-destinations', 404, 'ResourceNotFoundException', /Connection nope/, {
      ...dest({ connection: 'nope' }),
    });
    await api.refused(
      'post',
      '/v1/api-destinations',
      400,
      'ValidationException',
      /^invocationEndpoint must be/,
      {
        ...dest({ invocationEndpoint: 'ftp://example.com/x' }),
      },
    );
    await api.refused('post', '/v1/api-destinations', 400, 'ValidationException', /httpMethod/, {
      ...dest({ httpMethod: 'HEAD' }),
    });
    await api.refused('post', '/v1/api-destinations', 400, 'ValidationException', /RateLimit/i, {
      ...dest({ invocationRateLimitPerSecond: 0 }),
    });
    await api.refused('post', '/v1/api-destinations', 409, 'ResourceAlreadyExistsException', /spare/, {
      ...dest({ name: 'spare' }),
    });
    for (const [method, path] of [
      ['get', '/v1/api-destinations/nope'],
      ['put', '/v1/api-destinations/nope'],
      ['delete', '/v1/api-destinations/nope'],
    ] as const)
      await api.refused(
        method,
        path,
        404,
        'ResourceNotFoundException',
        /API destination nope/,
        method === 'put' ? {} : undefined,
      );

    // Another tenant sees none of it and cannot call through this tenant's connection.
    const theirs = restClient(h, other);
    assert.deepEqual((await theirs.expect('get', '/v1/api-destinations', 200)).items, []);
    await theirs.refused('get', '/v1/api-destinations/orders', 404, 'ResourceNotFoundException', /orders/);
    await theirs.refused('post', '/v1/api-destinations', 404, 'ResourceNotFoundException', /dest-conn/, {
      ...dest({ name: 'stolen' }),
    });

    await api.expect('delete', '/v1/api-destinations/orders', 204);
    await api.refused('get', '/v1/api-destinations/orders', 404, 'ResourceNotFoundException', /orders/);
    assert.deepEqual(await names(), ['spare']);
  });
});
