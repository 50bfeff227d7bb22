import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ipToHex, looksLikeIp, parseCidr } from './ip-address.js';

/**
 * The plain reading of event-ruler's rules that ipToHex replaced (shape regexes, `split`,
 * `parseInt`), kept here as the oracle for the hand-written parser.
 */
function plainIpToHex(text: string): string | undefined {
  if (!looksLikeIp(text)) return undefined;
  let bytes: number[] | undefined;
  if (/^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/.test(text)) {
    const octets = text.split('.').map((o) => Number(o));
    bytes = octets.every((o) => o <= 255) ? octets : undefined;
  } else {
    const halves = text.split('::');
    const groups = (half: string): number[] | undefined =>
      half === ''
        ? []
        : half.split(':').every((p) => /^[0-9a-fA-F]{1,4}$/.test(p))
          ? half.split(':').map((p) => parseInt(p, 16))
          : undefined;
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    const missing = 8 - (head?.length ?? 0) - (tail?.length ?? 0);
    if (halves.length <= 2 && head && tail && (halves.length === 2 ? missing >= 1 : missing === 0)) {
      const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
      bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
      const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
      if (mapped) bytes = bytes.slice(12);
    }
  }
  return bytes?.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
}

const group = fc.oneof(
  fc.constantFrom('0', '00', '000', '0000', 'ffff', 'FFFF', 'db8', '2001', '1', 'aB', '12345', 'g', ''),
  fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)),
);
const octet = fc.oneof(
  fc.integer({ min: 0, max: 300 }).map(String),
  fc.constantFrom('010', '000', '0255', '256', '', '1a'),
);
const ipLike = fc.oneof(
  fc.array(group, { minLength: 0, maxLength: 10 }).map((gs) => gs.join(':')),
  fc
    .tuple(fc.array(group, { maxLength: 8 }), fc.array(group, { maxLength: 8 }))
    .map(([a, b]) => `${a.join(':')}::${b.join(':')}`),
  fc.array(octet, { minLength: 1, maxLength: 6 }).map((os) => os.join('.')),
  fc
    .tuple(fc.constantFrom('::ffff:', '::FFFF:', '0:0:0:0:0:ffff:'), group, group)
    .map(([p, a, b]) => `${p}${a}:${b}`),
  fc.stringMatching(/^[0-9a-fA-F:.x]{0,20}$/),
);

describe('ipToHex', () => {
  test('agrees with the plain split/regex reading on address-like text', () => {
    fc.assert(
      fc.property(ipLike, (text) => assert.equal(ipToHex(text), plainIpToHex(text), text)),
      { numRuns: 5000 },
    );
  });

  test('canonical forms', () => {
    assert.equal(ipToHex('10.0.0.1'), '0A000001');
    assert.equal(ipToHex('010.0.0.1'), '0A000001');
    assert.equal(ipToHex('10.0.0.256'), undefined);
    assert.equal(ipToHex('2001:db8::1'), '20010DB8000000000000000000000001');
    assert.equal(ipToHex('2001:DB8:0:0:0:0:0:1'), '20010DB8000000000000000000000001');
    assert.equal(ipToHex('::'), '0'.repeat(32));
    assert.equal(ipToHex('::ffff:a00:1'), '0A000001');
    assert.equal(ipToHex('1:2:3:4:5:6:7::'), '00010002000300040005000600070000');
    for (const bad of [
      '1:2:3:4:5:6:7:8::',
      '1::2::3',
      ':::',
      '1:2',
      '12345::',
      'x',
      '',
      '1.2.3',
      '1.2.3.4.5',
    ])
      assert.equal(ipToHex(bad), undefined, bad);
  });

  test('CIDR blocks use the same parser', () => {
    assert.deepEqual(parseCidr('10.1.2.3/16'), { low: '0A010000', high: '0A01FFFF' });
    assert.deepEqual(parseCidr('2001:db8::/32'), {
      low: '20010DB8000000000000000000000000',
      high: '20010DB8FFFFFFFFFFFFFFFFFFFFFFFF',
    });
  });
});
