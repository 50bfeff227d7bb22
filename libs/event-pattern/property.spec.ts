/**
 * Property tests (fast-check): the compiled matcher agrees with the reference interpreter over
 * random rule sets and events, explainMatch agrees with both, and no input of any kind makes the
 * library throw anything but its two error classes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compileRules,
  explainMatch,
  InvalidEventError,
  InvalidEventPatternError,
  parsePattern,
  referenceMatch,
  testEventPattern,
  type EventPattern,
} from './index.js';
import { arrayCase, eventText, junkText, numberCase, patternText } from './testing/arbitraries.js';
import { makeEvents, rng } from './fixtures/partner-events.js';

/** Runs `fn`; returns its value, or undefined when it threw one of our two errors. */
function tolerate<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InvalidEventPatternError || err instanceof InvalidEventError) return undefined;
    throw err;
  }
}

const parsed = (texts: readonly string[]): EventPattern[] =>
  texts.map((t) => tolerate(() => parsePattern(t))).filter((p): p is EventPattern => p !== undefined);

describe('compiled matcher ≡ reference interpreter', () => {
  test('over random rule sets and random events', () => {
    fc.assert(
      fc.property(
        fc.array(patternText, { minLength: 1, maxLength: 8 }),
        fc.array(eventText, { minLength: 1, maxLength: 6 }),
        (texts, events) => {
          const patterns = parsed(texts);
          const matcher = compileRules(patterns.map((pattern, i) => ({ id: `r${i}`, pattern })));
          for (const event of events) {
            const expected = patterns.flatMap((p, i) => (referenceMatch(p, event) ? [`r${i}`] : []));
            assert.deepEqual(matcher.match(event), expected, event);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  // Focused generators make the rare situations common: matches spread over different elements
  // of one array, and numbers spelled differently in pattern and event.
  for (const [name, gen] of [
    ['array consistency', arrayCase],
    ['number spellings', numberCase],
  ] as const) {
    test(`${name}: compiled, explained and reference results agree`, () => {
      fc.assert(
        fc.property(
          fc.array(gen.pattern, { minLength: 1, maxLength: 6 }),
          fc.array(gen.event, { minLength: 1, maxLength: 5 }),
          (texts, events) => {
            const patterns = parsed(texts);
            const matcher = compileRules(patterns.map((pattern, i) => ({ id: `r${i}`, pattern })));
            for (const event of events) {
              const expected = patterns.flatMap((p, i) => (referenceMatch(p, event) ? [`r${i}`] : []));
              assert.deepEqual(matcher.match(event), expected, event);
              patterns.forEach((p, i) =>
                assert.equal(explainMatch(p, event).matched, expected.includes(`r${i}`)),
              );
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  test('explainMatch reports a match exactly when the reference does', () => {
    fc.assert(
      fc.property(patternText, eventText, (text, event) => {
        const pattern = tolerate(() => parsePattern(text));
        if (pattern === undefined) return;
        const explanation = explainMatch(pattern, event);
        assert.equal(explanation.matched, referenceMatch(pattern, event));
        if (!explanation.matched) assert.ok(explanation.path !== undefined && explanation.reason.length > 0);
      }),
      { numRuns: 400 },
    );
  });

  test('realistic partner events against random rules built from their own values', () => {
    const events = makeEvents(rng(3), 60);
    fc.assert(
      fc.property(fc.array(patternText, { minLength: 1, maxLength: 12 }), (texts) => {
        const patterns = parsed(texts);
        const matcher = compileRules(patterns.map((pattern, i) => ({ id: `r${i}`, pattern })));
        for (const event of events) {
          const expected = patterns.flatMap((p, i) => (referenceMatch(p, event) ? [`r${i}`] : []));
          assert.deepEqual(matcher.match(event), expected);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('robustness', () => {
  test('any pattern/event text: only InvalidEventPatternError or InvalidEventError escape', () => {
    fc.assert(
      fc.property(fc.oneof(junkText, patternText), fc.oneof(junkText, eventText), (pattern, event) => {
        tolerate(() => testEventPattern(pattern, event));
        const p = tolerate(() => parsePattern(pattern));
        if (p === undefined) return;
        tolerate(() => compileRules([{ id: 'x', pattern: p }]).match(event));
        tolerate(() => explainMatch(p, event));
        tolerate(() => referenceMatch(p, event));
      }),
      { numRuns: 1500 },
    );
  });

  test('validation never accepts a pattern the reference cannot evaluate', () => {
    fc.assert(
      fc.property(
        fc.oneof(junkText, patternText),
        fc.array(eventText, { minLength: 1, maxLength: 3 }),
        (text, events) => {
          const pattern = tolerate(() => parsePattern(text));
          if (pattern === undefined) return;
          assert.ok(pattern.branches.length > 0 && pattern.branches.every((b) => b.conditions.length > 0));
          for (const event of events) assert.equal(typeof referenceMatch(pattern, event), 'boolean');
        },
      ),
      { numRuns: 800 },
    );
  });

  test('object arguments behave like their JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const asText = tolerate(() => parsePattern(JSON.stringify(value) ?? ''));
        const asObject = tolerate(() => parsePattern(value as object));
        assert.deepEqual(asObject?.branches, asText?.branches);
      }),
      { numRuns: 300 },
    );
  });
});
