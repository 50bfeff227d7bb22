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
            httpMethod: 'GET',
            clientId: 'c',
            clientSecret: 's',
          },
        }),
      /POST only/,
    );
    invalid(
      () =>
        mergeConnectionAuth('BASIC', undefined, {
          basic: { username: 'u', password: 'p' },
          invocationHttpParameters: { bodyParameters: [{ key: 'k', value: 'v' }] },
        }),
      /BodyParameters/,
    );
  });
});

test('connectionHttp gives the target its auth, headers and query', () => {
  const { auth, secrets } = mergeConnectionAuth('OAUTH_CLIENT_CREDENTIALS', undefined, {
    oauth: {
      authorizationEndpoint: 'https://auth.example.com/token',
      clientId: 'c',
      clientSecret: 's',
      httpParameters: { bodyParameters: [{ key: 'scope', value: 'write' }] },
    },
    invocationHttpParameters: { queryStringParameters: [{ key: 'v', value: '2' }] },
  });
  assert.deepEqual(connectionHttp(auth, secrets), {
    auth: {
      type: 'oauth-client-credentials',
      tokenUrl: 'https://auth.example.com/token',
      clientId: 'c',
      clientSecret: 's',
      scope: 'write',
    },
    headers: {},
    query: { v: '2' },
  });
});
