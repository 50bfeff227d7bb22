/**
 * Conformance against recorded AWS answers (LocalStack's AWS-validated TestEventPattern suite)
 * and event-ruler's own assertions. Every case is its own test; a per-operator pass summary is
 * printed at the end. Fixtures and their attribution live in ./fixtures (see NOTICE).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileRules, parsePattern, referenceMatch, testEventPattern } from './index.js';

interface Case {
  readonly name: string;
  readonly api: string;
  readonly event: unknown;
  readonly pattern: unknown;
  readonly event_json?: string;
  readonly pattern_json?: string;
  readonly expected: boolean | 'InvalidEventPatternException' | 'ValidationException';
  readonly aws_error?: { readonly code: string; readonly message: string };
  readonly operators?: readonly string[];
}

// Compiled specs sit three levels below the repository root (dist/libs/event-pattern or
// .build-pattern/libs/event-pattern), so the fixtures are found relative to the root.
function load(file: string): Case[] {
  const url = new URL(`../../../libs/event-pattern/fixtures/${file}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Case[];
}

const patternOf = (c: Case): string => c.pattern_json ?? JSON.stringify(c.pattern);
const eventOf = (c: Case): string => c.event_json ?? JSON.stringify(c.event);

/** Outcome as the conformance data spells it: the boolean, or the error code thrown. */
function outcome(run: () => boolean): { result: Case['expected']; message?: string } {
  try {
    return { result: run() };
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    if (code === 'InvalidEventPatternException' || code === 'ValidationException')
      return { result: code, message };
    throw err;
  }
}

const summary = new Map<string, { pass: number; total: number }>();
function record(tags: readonly string[], passed: boolean): void {
  for (const tag of tags) {
    const row = summary.get(tag) ?? { pass: 0, total: 0 };
    row.total++;
    if (passed) row.pass++;
    summary.set(tag, row);
  }
}

function check(c: Case, run: () => boolean, tags: readonly string[]): void {
  let passed = false;
  try {
    const { result, message } = outcome(run);
    assert.equal(result, c.expected);
    // AWS's reason text must be reproduced; we may append the field path after it.
    if (c.aws_error !== undefined)
      assert.ok(message?.startsWith(c.aws_error.message), `${message} ≠ ${c.aws_error.message}`);
    if (typeof c.expected === 'boolean') {
      assert.equal(
        referenceMatch(parsePattern(patternOf(c)), eventOf(c)),
        c.expected,
        'reference interpreter',
      );
    }
    passed = true;
  } finally {
    record(tags, passed);
  }
}

describe('conformance: localstack-patterns.json (recorded AWS TestEventPattern answers)', () => {
  const cases = load('localstack-patterns.json');
  test('has all 176 cases', () => assert.equal(cases.length, 176));
  for (const c of cases) {
    test(c.name, () =>
      check(c, () => testEventPattern(patternOf(c), eventOf(c)), ['file:localstack', ...(c.operators ?? [])]),
    );
  }
});

describe('conformance: event-ruler-cases.json (event-ruler rulesForJSONEvent assertions)', () => {
  const cases = load('event-ruler-cases.json');
  test('has all 26 cases', () => assert.equal(cases.length, 26));
  for (const c of cases) {
    // These events are not full envelopes: they go straight to the matcher, as in event-ruler.
    const run = (): boolean =>
      compileRules([{ id: 'r', pattern: parsePattern(patternOf(c)) }]).match(eventOf(c)).length > 0;
    test(c.name, () => check(c, run, ['file:event-ruler', `event-ruler:${c.name.split(':')[0]}`]));
  }
});

after(() => {
  const rows = [...summary].sort(([a], [b]) => a.localeCompare(b));
  console.log('conformance pass counts by operator tag:');
  for (const [tag, { pass, total }] of rows) console.log(`  ${tag.padEnd(36)} ${pass}/${total}`);
});
