import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { SsrfGuard } from './ssrf-guard.js';

describe('SsrfGuard.check', () => {
  const guard = new SsrfGuard();
  const blocked = [
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '100.127.255.255',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:0:7f00:1',
    '64:ff9b::7f00:1',
    '64:ff9b:1::7f00:1',
    '64:ff9b:1:a00::1:0',
    '2001:0:4136:e378:8000:63bf:80ff:fffe',
    '2002:a00:1::1',
    '::127.0.0.1',
    '[::1]',
  ];
  const allowed = [
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ];

  for (const address of blocked) {
    test(`blocks ${address}`, () => assert.equal(guard.check(address).allowed, false));
  }
  for (const address of allowed) {
    test(`allows ${address}`, () => assert.equal(guard.check(address).allowed, true));
  }

  test('names and garbage are not addresses', () => {
    assert.equal(guard.check('localhost').allowed, false);
    assert.equal(guard.check('').allowed, false);
  });

  test('the reason names the blocked range', () => {
    const verdict = guard.check('::ffff:10.0.0.1');
    assert.equal(verdict.allowed, false);
    assert.match(!verdict.allowed ? verdict.reason : '', /10\.0\.0\.0\/8/);
  });

  test('an allowlist opens exactly its blocks, in any spelling', () => {
    const open = new SsrfGuard(['127.0.0.0/8', 'fd00::/8', '10.1.2.3']);
    assert.equal(open.check('127.0.0.1').allowed, true);
    assert.equal(open.check('::ffff:127.0.0.1').allowed, true);
    assert.equal(open.check('fd00::5').allowed, true);
    assert.equal(open.check('10.1.2.3').allowed, true);
    assert.equal(open.check('10.1.2.4').allowed, false);
    assert.equal(open.check('::1').allowed, false);
    assert.equal(open.check('169.254.169.254').allowed, false);
  });

  test('an invalid allowlist entry is rejected when the guard is built', () => {
    assert.throws(() => new SsrfGuard(['10.0.0.0/33']), RangeError);
    assert.throws(() => new SsrfGuard(['example.com/8']), RangeError);
  });
});

describe('SsrfGuard.lookup', () => {
  const resolve = (guard: SsrfGuard, host: string, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((done) =>
      guard.lookup(host, { all }, (error, address) => done({ error, address })),
    );

  test('refuses a name that resolves only to blocked addresses', async () => {
    for (const all of [false, true]) {
      const { error } = await resolve(new SsrfGuard(), 'localhost', all);
      assert.equal(error?.code, 'SSRF_BLOCKED');
    }
  });

  test('returns the permitted addresses, in the shape the caller asked for', async () => {
    const open = new SsrfGuard(['127.0.0.0/8', '::1/128']);
    const one = await resolve(open, 'localhost', false);
    assert.equal(one.error, null);
    assert.equal(typeof one.address, 'string');
    const many = await resolve(open, 'localhost', true);
    assert.ok(Array.isArray(many.address) && many.address.length >= 1);
  });

  test('passes DNS errors through', async () => {
    const { error } = await resolve(new SsrfGuard(), 'does-not-exist.invalid', false);
    assert.ok(error);
    assert.notEqual(error.code, 'SSRF_BLOCKED');
  });
});
