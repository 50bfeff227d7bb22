import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { anyMatches, prepareCondition, type PreparedCondition } from './branch-verify.js';
import { buildPathTrie, EventFlattener, type FlatEvent } from './event-flattener.js';
import { parsePattern } from './pattern-parser.js';
import { QuickChecks } from './quick-check.js';
import { QuickCheckCompiler } from './quick-check-compiler.js';
import { eventText, matcherText, numberTexts, strings } from './testing/arbitraries.js';

/** `{"f":[m1, m2?]}` for one or two matcher texts; undefined when the pattern is rejected. */
function condition(matchers: string[]): PreparedCondition | undefined {
  try {
    return prepareCondition(parsePattern(`{"f":[${matchers.join(',')}]}`).branches[0].conditions[0], 0);
  } catch {
    return undefined;
  }
}

describe('QuickChecks', () => {
  test('every packed operator decides a path like its compiled closure', () => {
    const flattener = new EventFlattener(buildPathTrie(['f']), 1);
    // Addresses above the arbitraries' CIDR blocks too, so both bounds are exercised.
    const above = fc.constantFrom('10.0.1.0', '11.0.0.1', '10.0.0.202', '2001:db9::1', 'ffff::1');
    const scalar = fc.oneof(
      fc.oneof(strings, above).map((s) => JSON.stringify(s)),
      numberTexts,
      fc.constantFrom('true', 'false', 'null'),
    );
    const value = fc
      .oneof(
        scalar,
        fc.array(scalar, { maxLength: 3 }).map((xs) => `[${xs}]`),
        eventText,
      )
      .map((v) => `{"f":${v}}`);
    fc.assert(
      fc.property(
        fc.array(matcherText, { minLength: 1, maxLength: 2 }),
        fc.array(value, { minLength: 1, maxLength: 5 }),
        (matchers, events) => {
          const c = condition(matchers);
          if (c === undefined) return;
          const compiler = new QuickCheckCompiler();
          const records = Int32Array.from(compiler.records([c]));
          const checks = new QuickChecks(compiler.build());
          for (const event of events) {
            let flat: FlatEvent;
            try {
              flat = flattener.flatten(event);
            } catch {
              continue;
            }
            const at = flat.leaves[0];
            const expected: boolean = at.length === 0 ? c.allowsAbsent : anyMatches(c.test, at);
            assert.equal(
              checks.pass(records, 0, records.length, flat.leaves, 0),
              expected,
              `${matchers} ${event}`,
            );
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('string operators over a tiny vocabulary, where affixes collide often', () => {
    const flattener = new EventFlattener(buildPathTrie(['f']), 1);
    const word = fc.constantFrom('x', 'xy', 'yx', 'X', 'XY', 'y', 'xyx', 'Σ', 'σ');
    const list = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => JSON.stringify(ws));
    const op = fc.constantFrom('prefix', 'suffix', 'equals-ignore-case', 'wildcard');
    const matcher = fc.oneof(
      fc.tuple(op, word).map(([o, w]) => `{"${o}":${JSON.stringify(o === 'wildcard' ? `${w}*${w}` : w)}}`),
      fc
        .tuple(fc.constantFrom('prefix', 'suffix', 'equals-ignore-case'), list)
        .map(([o, l]) => `{"anything-but":{"${o}":${l}}}`),
      fc
        .tuple(fc.constantFrom('prefix', 'suffix'), word)
        .map(([o, w]) => `{"${o}":{"equals-ignore-case":${JSON.stringify(w)}}}`),
      list.map((l) => `{"anything-but":${l}}`),
      fc
        .array(word, { minLength: 3, maxLength: 4 })
        .map((ws) => `{"wildcard":${JSON.stringify(ws.join('*'))}}`),
    );
    fc.assert(
      fc.property(
        matcher,
        fc.array(
          fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join('')),
          { minLength: 1, maxLength: 3 },
        ),
        (m, words) => {
          const c = condition([m]);
          if (c === undefined) return;
          const compiler = new QuickCheckCompiler();
          const records = Int32Array.from(compiler.records([c]));
          const checks = new QuickChecks(compiler.build());
          const flat = flattener.flatten(`{"f":${JSON.stringify(words)}}`);
          assert.equal(
            checks.pass(records, 0, records.length, flat.leaves, 0),
            anyMatches(c.test, flat.leaves[0]),
            `${m} ${words}`,
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('wildcard middles are placed leftmost and never overlap', () => {
    const c = condition(['{"wildcard":"x*xy*yx*x"}']) as PreparedCondition;
    const compiler = new QuickCheckCompiler();
    const records = Int32Array.from(compiler.records([c]));
    const checks = new QuickChecks(compiler.build());
    const flattener = new EventFlattener(buildPathTrie(['f']), 1);
    for (const [text, expected] of [
      ['xxyxx', false],
      ['xxyyxx', true],
      ['xxyxyxx', true],
      ['xyx', false],
    ] as const) {
      const leaves = flattener.flatten(`{"f":"${text}"}`).leaves;
      assert.equal(checks.pass(records, 0, records.length, leaves, 0), expected, text);
      assert.equal(anyMatches(c.test, leaves[0]), expected, text);
    }
  });
});
