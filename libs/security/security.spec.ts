import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box.js';
import { constantTimeEquals, generateAccessKeyId, generateToken, hashToken } from './tokens.js';
import { newEventId, uuidv7Time } from './ids.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  test('round-trips and never stores the plain text', () => {
    const sealed = box.seal('whsec_abc');
    assert.ok(!sealed.includes('whsec_abc'));
    assert.equal(box.open(sealed), 'whsec_abc');
    assert.notEqual(box.seal('x'), box.seal('x'), 'a fresh IV every time');
  });

  test('rejects tampering and a wrong key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    assert.throws(() => box.open(parts.join('.')));
    assert.throws(() => new SecretBox(randomBytes(32)).open(sealed));
    assert.throws(() => box.open('plain'));
  });
});

describe('tokens', () => {
  test('tokens are random and hash stably', () => {
    const t = generateToken();
    assert.match(t, /^hb_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(t, generateToken());
    assert.equal(hashToken(t), hashToken(t));
    assert.match(generateAccessKeyId(), /^AKHB[A-Z2-7]{16}$/);
  });

  test('constantTimeEquals', () => {
    assert.equal(constantTimeEquals('abc', 'abc'), true);
    assert.equal(constantTimeEquals('abc', 'abd'), false);
    assert.equal(constantTimeEquals('abc', 'abcd'), false);
  });
});

test('event ids carry their creation time', () => {
  const before = Date.now();
  const id = newEventId();
  const t = uuidv7Time(id).getTime();
  assert.ok(t >= before && t <= Date.now());
});

test('event ids are unique, valid v7 and increase within a millisecond', () => {
  const ids = Array.from({ length: 5000 }, () => newEventId());
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids)
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  for (let i = 1; i < ids.length; i++)
    assert.ok((ids[i] as string) > (ids[i - 1] as string), `${ids[i]} after ${ids[i - 1]}`);
});
