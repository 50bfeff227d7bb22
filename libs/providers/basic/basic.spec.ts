import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFailure, assertOk, settings, webhookRequest } from '../testing/webhook.fixture.js';
import { basicAdapter } from './basic.adapter.js';

const SECRET = 'acme:s3cr3t-passw0rd';
const auth = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const verify = (authorization: string | undefined, secrets = [SECRET]) =>
  basicAdapter.verify(
    webhookRequest({
      body: '{"a":1}',
      headers: authorization === undefined ? {} : { Authorization: authorization },
    }),
    settings('basic', secrets),
  );

describe('basic verify', () => {
  test('matching credentials verify, whatever the case of "Basic"; a rotated secret too', () => {
    assertOk(verify(auth(SECRET)));
    assertOk(verify(auth(SECRET).replace('Basic', 'basic')));
    assertOk(verify(auth('old:pw'), [SECRET, 'old:pw']));
  });

  test('wrong password or user fails with InvalidSignature, without leaking the secret', () => {
    assertFailure(verify(auth('acme:wrong')), 'InvalidSignature', 'Authorization', [
      SECRET,
      's3cr3t-passw0rd',
    ]);
    assertFailure(verify(auth('other:s3cr3t-passw0rd')), 'InvalidSignature', 'Authorization');
  });

  test('missing and malformed Authorization', () => {
    assertFailure(verify(undefined), 'MissingSignature', 'Authorization');
    assertFailure(verify('Bearer abc'), 'MalformedSignature', 'Authorization');
    assertFailure(
      verify(`Basic ${Buffer.from('nocolon').toString('base64')}`),
      'MalformedSignature',
      'Authorization',
    );
    assertFailure(verify('Basic !!!'), 'MalformedSignature', 'Authorization');
  });

  test('normalize uses the generic envelope', () => {
    const request = webhookRequest({ body: '[1,2.0]', headers: { 'x-id': 'd1', 'x-event': 'thing.done' } });
    const options = { idHeader: 'x-id', detailTypeHeader: 'x-event' };
    assert.equal(basicAdapter.dedupKey(request, options), 'd1');
    assert.deepEqual(basicAdapter.normalize(request, options), {
      detailType: 'thing.done',
      resources: [],
      detailJson: '{"value":[1,2.0]}',
    });
  });
});
