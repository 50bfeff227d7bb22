import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keepSecretsProblem, withKeptSecrets } from './kept-secrets.js';
import type { TargetSecrets } from './target.schema.js';

const stored: TargetSecrets = {
  httpAuth: { type: 'basic', username: 'u', password: 'old' },
  httpParameters: { headers: { 'x-token': 't' } },
  signingSecret: 'whsec_old',
  awsCredentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
};

describe('withKeptSecrets', () => {
  test('a kept part the entry does not give comes from the stored secrets; others are dropped', () => {
    assert.deepEqual(withKeptSecrets(undefined, stored, ['auth', 'secretParameters']), {
      httpAuth: stored.httpAuth,
      httpParameters: stored.httpParameters,
    });
    assert.equal(withKeptSecrets(undefined, stored, []), undefined, 'nothing kept: nothing stored');
  });

  test('a part the entry gives wins over the kept one', () => {
    const given: TargetSecrets = { httpAuth: { type: 'api-key', header: 'x-key', value: 'new' } };
    assert.deepEqual(withKeptSecrets(given, stored, ['auth', 'signingSecret']), {
      httpAuth: given.httpAuth,
      signingSecret: 'whsec_old',
    });
  });

  test('keeping a part that was never stored, or from no stored target, keeps nothing', () => {
    assert.equal(withKeptSecrets(undefined, undefined, ['auth', 'credentials']), undefined);
    assert.deepEqual(withKeptSecrets(undefined, { signingSecret: 's' }, ['auth', 'signingSecret']), {
      signingSecret: 's',
    });
  });
});

describe('keepSecretsProblem', () => {
  test('http targets keep auth, secret parameters and the signing secret; eventbridge its credentials', () => {
    assert.equal(keepSecretsProblem('http', ['auth', 'secretParameters', 'signingSecret']), undefined);
    assert.equal(keepSecretsProblem('eventbridge', ['credentials']), undefined);
    assert.equal(keepSecretsProblem('bus', []), undefined);
  });

  test('a part of another target type is named, once', () => {
    assert.equal(
      keepSecretsProblem('http', ['credentials', 'auth', 'credentials']),
      "'credentials' can only be kept by a target of type 'eventbridge', not 'http'",
    );
    assert.match(keepSecretsProblem('bus', ['auth', 'signingSecret']) ?? '', /'auth' .*; 'signingSecret' /);
  });
});
