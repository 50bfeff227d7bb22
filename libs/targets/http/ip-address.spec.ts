import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, embeddedIpv4, formatIp, parseCidr, parseIp } from './ip-address.js';

describe('parseIp', () => {
  test('IPv4 and the IPv6 spellings of one address give the same bytes', () => {
    assert.deepEqual([...(parseIp('10.0.0.1') ?? [])], [10, 0, 0, 1]);
    const mapped = parseIp('::ffff:127.0.0.1');
    assert.deepEqual(mapped, parseIp('::ffff:7f00:1'));
    assert.deepEqual(mapped, parseIp('[0:0:0:0:0:ffff:7f00:1]'));
    assert.deepEqual(parseIp('fe80::1%eth0'), parseIp('fe80:0:0:0:0:0:0:1'));
  });

  test('rejects names and malformed text', () => {
    for (const bad of ['localhost', '1.2.3', '256.0.0.1', '::g', ''])
      assert.equal(parseIp(bad), undefined, bad);
  });
});

describe('CIDR blocks', () => {
  test('membership at the edges of a block', () => {
    const block = parseCidr('172.16.0.0/12');
    assert.equal(cidrContains(block, parseIp('172.16.0.0') as Uint8Array), true);
    assert.equal(cidrContains(block, parseIp('172.31.255.255') as Uint8Array), true);
    assert.equal(cidrContains(block, parseIp('172.32.0.0') as Uint8Array), false);
    assert.equal(cidrContains(parseCidr('fe80::/10'), parseIp('febf:ffff::1') as Uint8Array), true);
    assert.equal(cidrContains(parseCidr('fe80::/10'), parseIp('fec0::1') as Uint8Array), false);
  });

  test('a block never contains an address of the other family', () => {
    assert.equal(cidrContains(parseCidr('0.0.0.0/0'), parseIp('::1') as Uint8Array), false);
  });

  test('bare addresses are single-address blocks; bad prefixes throw', () => {
    assert.equal(parseCidr('10.1.2.3').prefix, 32);
    assert.equal(parseCidr('::1').prefix, 128);
    for (const bad of ['10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/a', '::/129', '10.0.0.0/8/1']) {
      assert.throws(() => parseCidr(bad), RangeError, bad);
    }
  });
});

describe('embeddedIpv4 and formatIp', () => {
  test('finds the IPv4 address inside mapped, NAT64 and 6to4 forms', () => {
    const v4 = (text: string) => formatIp(embeddedIpv4(parseIp(text) as Uint8Array) ?? new Uint8Array());
    assert.equal(v4('::ffff:10.0.0.1'), '10.0.0.1');
    assert.equal(v4('64:ff9b::a9fe:a9fe'), '169.254.169.254');
    assert.equal(v4('2002:7f00:1::'), '127.0.0.1');
    assert.equal(embeddedIpv4(parseIp('2001:db8::1') as Uint8Array), undefined);
  });

  test('formats IPv6 with the zero run compressed', () => {
    assert.equal(formatIp(parseIp('fe80:0:0:0:0:0:0:1') as Uint8Array), 'fe80::1');
    assert.equal(formatIp(parseIp('::') as Uint8Array), '::');
  });
});
