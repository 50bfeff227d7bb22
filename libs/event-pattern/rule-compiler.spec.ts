import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileRules,
  InvalidEventError,
  MAX_EVENT_DEPTH,
  parsePattern,
  referenceMatch,
  testEventPattern,
} from './index.js';
import { makeEvents, rng } from './fixtures/partner-events.js';

const rule = (id: string, pattern: object): { id: string; pattern: ReturnType<typeof parsePattern> } => ({
  id,
  pattern: parsePattern(pattern),
});

describe('compileRules', () => {
  const matcher = compileRules([
    rule('push', { source: ['gh'], 'detail-type': ['push'] }),
    rule('any-gh', { source: ['gh'] }),
    rule('push', { source: ['gl'], 'detail-type': ['push'] }),
    rule('no-detail', { detail: [{ exists: false }] }),
  ]);

  test('returns matching ids once, in first-given order; shared ids are OR-ed', () => {
    assert.equal(matcher.size, 3);
    assert.deepEqual(matcher.match('{"source":"gh","detail-type":"push"}'), ['push', 'any-gh', 'no-detail']);
    assert.deepEqual(matcher.match('{"source":"gl","detail-type":"push","detail":{}}'), [
      'push',
      'no-detail',
    ]);
    // exists:false also holds for an object value: only leaves "exist" (event-ruler, AWS docs).
    assert.deepEqual(matcher.match('{"source":"gh","detail":{"a":1}}'), ['any-gh', 'no-detail']);
    assert.deepEqual(matcher.match('{"source":"gh","detail":7}'), ['any-gh']);
  });

  test('rejects text that is not one JSON object', () => {
    for (const bad of ['', '[]', '"x"', '{"a":1', '{"a":1}{}', '{"a":01}', '{"a":"\\q"}']) {
      assert.throws(() => matcher.match(bad), InvalidEventError, bad);
    }
    const deep = '{"a":'.repeat(MAX_EVENT_DEPTH) + '1' + '}'.repeat(MAX_EVENT_DEPTH);
    assert.deepEqual(matcher.match(deep), ['no-detail']);
    assert.throws(() => matcher.match('{"a":' + deep + '}'), /deeper than 1000 levels/);
  });

  test('an empty rule set matches nothing', () => {
    assert.deepEqual(compileRules([]).match('{"a":1}'), []);
  });

  test('a bus of rules sharing one source agrees with the reference on partner events', () => {
    const events = makeEvents(rng(5), 90);
    const rules = Array.from({ length: 300 }, (_, i) =>
      rule(`r${i}`, {
        source: [{ prefix: 'aws.partner/' }],
        detail:
          i % 2 === 0
            ? { action: [['opened', 'closed'][i % 4 === 0 ? 0 : 1]] }
            : { currency: [['usd', 'eur', 'gbp'][i % 3]] },
      }),
    );
    const compiled = compileRules(rules);
    for (const event of events) {
      const expected = rules.filter((r) => referenceMatch(r.pattern, event)).map((r) => r.id);
      assert.deepEqual(compiled.match(event), expected);
    }
  });
  test('a large bus of exact-source rules over every operator agrees with the reference', () => {
    // Long anchor lists (a common value shared by many rules, told apart by their source), every
    // packed quick check, and arrays of objects (array consistency) at the scale of a real bus.
    const events = makeEvents(rng(9), 120);
    const r = rng(21);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const sources = [...new Set(events.map((e) => (JSON.parse(e) as { source: string }).source))];
    const condition = (): object =>
      pick([
        { detail: { action: [pick(['opened', 'closed', 'labeled'])] } },
        { detail: { line_items: { vendor: [{ 'equals-ignore-case': `vendor ${Math.floor(r() * 30)}` }] } } },
        { detail: { line_items: { sku: [{ prefix: `SKU-${Math.floor(r() * 9) + 1}` }] } } },
        { detail: { email: [{ suffix: pick(['example.com', 'mail.test']) }] } },
        { detail: { repository: { full_name: [{ wildcard: `org-${Math.floor(r() * 40)}/*-1*` }] } } },
        { detail: { data: { object: { amount: [{ numeric: ['>', Math.floor(r() * 400000)] }] } } } },
        { detail: { request: { ip: [{ cidr: '2001:db8::/32' }] } } },
        { detail: { browser_ip: [{ cidr: `${Math.floor(r() * 223) + 1}.0.0.0/8` }] } },
        { detail: { financial_status: [{ 'anything-but': ['paid', 'pending'] }] } },
        { detail: { pull_request: { merged_by: [{ exists: false }] } } },
        { detail: { customer: { orders_count: [Math.floor(r() * 40)] } } },
        { detail: { line_items: { quantity: [{ numeric: ['>=', 3] }], vendor: [{ prefix: 'Vendor 1' }] } } },
      ]);
    const rules = Array.from({ length: 900 }, (_, i) =>
      rule(`r${i}`, { source: [pick(sources)], ...condition(), ...(r() < 0.5 ? condition() : {}) }),
    );
    const compiled = compileRules(rules);
    let matches = 0;
    for (const event of events) {
      const expected = rules.filter((x) => referenceMatch(x.pattern, event)).map((x) => x.id);
      matches += expected.length;
      assert.deepEqual(compiled.match(event), expected, event);
    }
    assert.ok(matches > 100, `only ${matches} matches: the test would prove little`);
  });

  test('stays correct when the per-event counter wraps around', () => {
    const matcher = compileRules([
      rule('a', { source: ['gh'] }),
      rule('b', { source: ['gh'], detail: { n: [1] } }),
    ]);
    (matcher as unknown as { epoch: number }).epoch = 0x7ffffffd;
    for (let i = 0; i < 4; i++) {
      assert.deepEqual(matcher.match('{"source":"gh","detail":{"n":1}}'), ['a', 'b']);
      assert.deepEqual(matcher.match('{"source":"gh"}'), ['a']);
    }
  });
});

describe('testEventPattern', () => {
  const envelope = {
    id: '1',
    account: '1',
    source: 's',
    time: 't',
    region: 'r',
    'detail-type': 'd',
    detail: { a: 1 },
  };
  test('requires the envelope fields AWS requires', () => {
    assert.equal(testEventPattern({ detail: { a: [1] } }, envelope), true);
    const { region: _region, ...withoutRegion } = envelope;
    assert.throws(
      () => testEventPattern({ source: ['s'] }, withoutRegion),
      /missing envelope field\(s\): region/,
    );
    assert.throws(() => testEventPattern({ source: ['s'] }, 'plain string'), InvalidEventError);
  });
  test('validates the event before the pattern', () => {
    assert.throws(() => testEventPattern({}, '[]'), InvalidEventError);
  });
});
