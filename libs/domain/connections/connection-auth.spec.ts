import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../common/domain-error.js';
import { connectionHttp, mergeConnectionAuth } from './connection-auth.js';

const invalid = (f: () => unknown, pattern: RegExp) =>
  assert.throws(
    f,
    (e) => e instanceof DomainError && e.code === 'ValidationException' && pattern.test(e.message),
  );

describe('mergeConnectionAuth', () => {
  test('splits secret values from what may be shown', () => {
    const { auth, secrets } = mergeConnectionAuth('BASIC', undefined, {
      basic: { username: 'u', password: 'p' },
    });
    assert.deepEqual(auth, { basic: { username: 'u' } });
    assert.deepEqual(secrets, { password: 'p' });
  });

  test('an update changes only what it names, keeping stored secrets', () => {
    const stored = mergeConnectionAuth('API_KEY', undefined, {
      apiKey: { apiKeyName: 'x-key', apiKeyValue: 'one' },
      invocationHttpParameters: { headerParameters: [{ key: 'x-a', value: '1' }] },
    });
    const renamed = mergeConnectionAuth('API_KEY', stored, { apiKey: { apiKeyName: 'x-other' } });
    assert.deepEqual(renamed.secrets, { apiKeyValue: 'one' });
    assert.equal(renamed.auth.apiKey?.apiKeyName, 'x-other');
    assert.deepEqual(renamed.auth.invocationHttpParameters, {
      headerParameters: [{ key: 'x-a', value: '1' }],
    });
  });

  test('incomplete, mismatched or undeliverable parameters are refused', () => {
    const basic = { username: 'u', password: 'p' };
    invalid(() => mergeConnectionAuth('BASIC', undefined, { basic: { username: 'u' } }), /Password/);
    invalid(
      () => mergeConnectionAuth('BASIC', undefined, { apiKey: { apiKeyName: 'k', apiKeyValue: 'v' } }),
      /may not contain/,
    );
    invalid(
      () =>
        mergeConnectionAuth('OAUTH_CLIENT_CREDENTIALS', undefined, {
          oauth: {
            authorizationEndpoint: 'https://a/t',
            httpMethod: 'PATCH',
            clientId: 'c',
            clientSecret: 's',
          },
        }),
      /HttpMethod must be one of GET, POST, PUT/,
    );
    const withInvocation = (invocationHttpParameters: object) => () =>
      mergeConnectionAuth('BASIC', undefined, { basic, invocationHttpParameters });
    invalid(withInvocation({ headerParameters: [{ key: 'Host', value: 'x' }] }), /sets the header 'Host'/);
    invalid(
      withInvocation({ headerParameters: [{ key: 'Expect', value: '100-continue' }] }),
      /the header 'Expect' is not supported/,
    );
    invalid(
      withInvocation({ headerParameters: [{ key: 'Authorization', value: 'x', isValueSecret: true }] }),
      /authorization sets the header 'Authorization'/,
    );
    invalid(withInvocation({ headerParameters: [{ key: 'x-a', value: 'a\r\nx-b: b' }] }), /printable ASCII/);
    invalid(
      withInvocation({ headerParameters: [{ key: 'bad header', value: 'v' }] }),
      /not a valid HTTP header/,
    );
    invalid(
      withInvocation({
        headerParameters: [
          { key: 'X-A', value: '1' },
          { key: 'x-a', value: '2', isValueSecret: true },
        ],
      }),
      /given more than once/,
    );
    invalid(withInvocation({ bodyParameters: [{ key: 'k' }] }), /needs a Value/);
    invalid(withInvocation({ queryStringParameters: [{ key: '', value: 'v' }] }), /every Key/);
  });

  test('secret parameter values are sealed: shown without a value, kept across updates that leave them out', () => {
    const created = mergeConnectionAuth('OAUTH_CLIENT_CREDENTIALS', undefined, {
      oauth: {
        authorizationEndpoint: 'https://auth.example.com/token',
        httpMethod: 'GET',
        clientId: 'c',
        clientSecret: 's',
        httpParameters: {
          bodyParameters: [{ key: 'audience', value: 'api' }],
          headerParameters: [{ key: 'x-tenant-key', value: 'tk', isValueSecret: true }],
        },
      },
      invocationHttpParameters: {
        headerParameters: [
          { key: 'x-plain', value: 'p' },
          { key: 'x-token', value: 'hdr-secret', isValueSecret: true },
        ],
        queryStringParameters: [{ key: 'sig', value: 'q-secret', isValueSecret: true }],
        bodyParameters: [
          { key: 'team', value: 'ops' },
          { key: 'pin', value: 'b-secret', isValueSecret: true },
        ],
      },
    });
    assert.deepEqual(created.auth.invocationHttpParameters, {
      headerParameters: [
        { key: 'x-plain', value: 'p' },
        { key: 'x-token', isValueSecret: true },
      ],
      queryStringParameters: [{ key: 'sig', isValueSecret: true }],
      bodyParameters: [
        { key: 'team', value: 'ops' },
        { key: 'pin', isValueSecret: true },
      ],
    });
    assert.deepEqual(created.auth.oauth?.httpParameters?.headerParameters, [
      { key: 'x-tenant-key', isValueSecret: true },
    ]);
    const shown = JSON.stringify(created.auth);
    for (const value of ['hdr-secret', 'q-secret', 'b-secret', '"tk"', '"s"'])
      assert.ok(!shown.includes(value), shown);
    assert.deepEqual(created.secrets, {
      clientSecret: 's',
      invocation: {
        header: { 'x-token': 'hdr-secret' },
        query: { sig: 'q-secret' },
        body: { pin: 'b-secret' },
      },
      oauth: { header: { 'x-tenant-key': 'tk' } },
    });

    // An update naming only the client secret keeps every parameter list and its secret values.
    const rotated = mergeConnectionAuth('OAUTH_CLIENT_CREDENTIALS', created, {
      oauth: { clientSecret: 's2' },
    });
    assert.deepEqual(rotated.auth, created.auth);
    assert.deepEqual(rotated.secrets, { ...created.secrets, clientSecret: 's2' });
    // A list given replaces the stored one, secret values included.
    const replaced = mergeConnectionAuth('OAUTH_CLIENT_CREDENTIALS', created, {
      invocationHttpParameters: { headerParameters: [{ key: 'x-token', value: 'new', isValueSecret: true }] },
    });
    assert.deepEqual(replaced.secrets.invocation, { header: { 'x-token': 'new' } });
    assert.deepEqual(replaced.secrets.oauth, created.secrets.oauth);

    assert.deepEqual(connectionHttp(created.auth, created.secrets), {
      auth: {
        type: 'oauth-client-credentials',
        tokenUrl: 'https://auth.example.com/token',
        httpMethod: 'GET',
        clientId: 'c',
        clientSecret: 's',
        headers: { 'x-tenant-key': 'tk' },
        bodyParameters: { audience: 'api' },
      },
      shown: { headers: { 'x-plain': 'p' }, query: {}, body: { team: 'ops' } },
      secret: { headers: { 'x-token': 'hdr-secret' }, query: { sig: 'q-secret' }, body: { pin: 'b-secret' } },
    });
  });
});

test('connectionHttp gives the target its auth, headers and query', () => {
  const { auth, secrets } = mergeConnectionAuth('API_KEY', undefined, {
    apiKey: { apiKeyName: 'x-api-key', apiKeyValue: 'k' },
    invocationHttpParameters: { queryStringParameters: [{ key: 'v', value: '2' }] },
  });
  assert.deepEqual(connectionHttp(auth, secrets), {
    auth: { type: 'api-key', header: 'x-api-key', value: 'k' },
    shown: { headers: {}, query: { v: '2' }, body: {} },
    secret: { headers: {}, query: {}, body: {} },
  });
});
