import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AffixTrie } from './affix-trie.js';
import { EntryPool } from './entry-pool.js';

/** Branch ids of the keys the trie reports for `text`, sorted. */
function found(trie: AffixTrie, entries: Int32Array, text: string): number[] {
  const ids: number[] = [];
  trie.collect(text, (at) => {
    // [n, groups, (path, end) per group, n entry triples]: see entry-pool.ts.
    const first = at + 2 + 2 * entries[at + 1];
    for (let i = 0; i < entries[at]; i++) ids.push(entries[first + 3 * i]);
  });
  return ids.sort((a, b) => a - b);
}

const word = fc.stringMatching(/^[abc.é]{0,6}$/);

describe('AffixTrie', () => {
  for (const fromEnd of [false, true]) {
    test(`finds exactly the ${fromEnd ? 'suffixes' : 'prefixes'} of a text`, () => {
      fc.assert(
        fc.property(fc.array(word, { maxLength: 30 }), fc.array(word, { maxLength: 10 }), (keys, texts) => {
          const trie = new AffixTrie(fromEnd);
          keys.forEach((key, id) => trie.add(key, [id, -1, 0]));
          const pool = new EntryPool();
          trie.seal(pool);
          const entries = pool.seal();
          for (const text of [...texts, ...keys]) {
            const expected = keys
              .map((key, id) => ((fromEnd ? text.endsWith(key) : text.startsWith(key)) ? id : -1))
              .filter((id) => id >= 0);
            assert.deepEqual(found(trie, entries, text), expected, text);
          }
        }),
        { numRuns: 500 },
      );
    });
  }

  test('binary-searches wide nodes', () => {
    const trie = new AffixTrie(false);
    const keys = Array.from({ length: 300 }, (_, i) => String.fromCharCode(40 + i) + 'x');
    keys.forEach((key, id) => trie.add(key, [id, -1, 0]));
    const pool = new EntryPool();
    trie.seal(pool);
    const entries = pool.seal();
    keys.forEach((key, id) => assert.deepEqual(found(trie, entries, key + 'yz'), [id]));
    assert.deepEqual(found(trie, entries, String.fromCharCode(39) + 'x'), []);
  });
});
