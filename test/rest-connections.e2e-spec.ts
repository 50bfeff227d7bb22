import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiKeyConnection,
  restClient,
  storedRows,
  useRestConnectionsWorld,
} from './support/rest-connections.js';

// REST `/v1/connections`: the same domain as the EventBridge API's connection operations, in
// REST's shape; no secret value in any answer (API destinations: rest-api-destinations.e2e-spec).

describe('REST: connections', () => {
  const w = useRestConnectionsWorld();
  const { keep } = w;

  test('connections: create, list, describe, update, deauthorize and delete', async () => {
    const { h, t, api } = w;
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
    await api.refused('get', '/v1/connections?state=bogus', 400, 'ValidationException', /state.*AUTHORIZED/);
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
    const { h, other, api } = w;
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
});
