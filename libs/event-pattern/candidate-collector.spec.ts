import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CandidateCollector } from './candidate-collector.js';
import { EntryPool } from './entry-pool.js';
import { buildPathTrie, EventFlattener } from './event-flattener.js';
import { NO_SECONDARY, SecondaryFilter } from './secondary-filter.js';

const PATHS = ['p0', 'p1', 'p2'];
const VALUES = ['a', 'b', 'c', 'd'];

describe('CandidateCollector', () => {
  test('keeps exactly the entries whose secondary value the event has, each branch once', () => {
    const entry = fc.tuple(
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: -1, max: 2 }),
      fc.constantFrom(...VALUES),
    );
    // Per path: absent, one value, or several (array) values.
    const leaf = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(...VALUES),
      fc.array(fc.constantFrom(...VALUES)),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(entry, { maxLength: 20 }), { maxLength: 4 }),
        fc.array(leaf, { minLength: 3, maxLength: 3 }),
        (lists, leaves) => {
          const secondary = new SecondaryFilter(PATHS.length);
          const pool = new EntryPool();
          const offsets = lists.map((list) =>
            pool.add(
              list.flatMap(([branch, path, value]) => [
                branch,
                path,
                path === NO_SECONDARY ? 0 : secondary.intern(path, value),
              ]),
            ),
          );
          const collector = new CandidateCollector(pool.seal(), new Int32Array(31), secondary);
          const event = Object.fromEntries(
            PATHS.map((p, i) => [p, leaves[i]]).filter(([, v]) => v !== undefined),
          );
          const flat = new EventFlattener(buildPathTrie(PATHS), PATHS.length).flatten(JSON.stringify(event));
          collector.begin(flat, 1);
          offsets.forEach(collector.add);
          const has = (path: number, value: string): boolean => [leaves[path]].flat().includes(value);
          const expected = new Set(
            lists
              .flat()
              .filter(([, path, value]) => path === NO_SECONDARY || has(path, value))
              .map(([branch]) => branch),
          );
          assert.deepEqual(
            [...collector.candidates].sort((x, y) => x - y),
            [...expected].sort((x, y) => x - y),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
