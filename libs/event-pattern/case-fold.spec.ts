import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldCase } from './case-fold.js';

/** The per-code-point folding foldCase implements, without its shortcuts. */
function plainFold(text: string): string {
  let out = '';
  for (const ch of text) {
    const upper = ch.toUpperCase();
    out += (upper.length === ch.length ? upper : ch).toLowerCase();
  }
  return out;
}

describe('foldCase', () => {
  test('agrees with plain per-code-point folding', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.stringMatching(/^[a-zA-Z0-9@.ßΣσςİı -]{0,12}$/),
    );
    fc.assert(
      fc.property(text, (t) => assert.equal(foldCase(t), plainFold(t), JSON.stringify(t))),
      { numRuns: 5000 },
    );
  });

  test('already folded ASCII comes back as the same string', () => {
    const text = 'user12@example.com';
    assert.equal(foldCase(text), text);
    assert.equal(foldCase('User12'), 'user12');
    assert.equal(foldCase('ΟΔΟΣ'), 'οδοσ');
    assert.equal(foldCase('Straße'), 'straße');
  });
});
