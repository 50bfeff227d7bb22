import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { anyDigestMatch, anyMatch, hmac } from './crypto.js';

describe('anyDigestMatch', () => {
  const a = hmac('sha256', 'secret-a', 'body');
  const b = hmac('sha256', 'secret-b', 'body');

  test('true when any candidate equals any expected digest, as anyMatch', () => {
    for (const match of [anyDigestMatch, anyMatch]) {
      assert.equal(match([a], [a]), true);
      assert.equal(match([b, a], [a]), true);
      assert.equal(match([a], [b, a]), true);
      assert.equal(match([b], [a]), false);
      assert.equal(match([], [a]), false);
    }
  });

  test('a digest of another length never matches, even as a prefix of the expected one', () => {
    assert.equal(anyDigestMatch([a.subarray(0, 20)], [a]), false);
    assert.equal(anyDigestMatch([Buffer.concat([a, Buffer.from([0])])], [a]), false);
    assert.equal(anyDigestMatch([hmac('sha1', 'secret-a', 'body')], [a]), false);
  });
});
