import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiKeyConnection, restClient, useRestConnectionsWorld } from './support/rest-connections.js';

// REST `/v1/api-destinations`: the same domain as the EventBridge API's API destination operations,
// in REST's shape, naming connections by name; no secret value in any answer.

describe('REST: API destinations', () => {
  const w = useRestConnectionsWorld();
  const { keep } = w;

  test('API destinations: create, list, describe, update and delete, naming the connection', async () => {
    const { h, t, other, api } = w;
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
