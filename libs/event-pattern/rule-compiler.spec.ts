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
