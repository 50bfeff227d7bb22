import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from '#libs/testing';
import { GroupCommit } from './group-commit.js';

/** A flush that records its batches and finishes when the test says so. */
function recorder() {
  const batches: string[][] = [];
  const finish: Array<(err?: Error) => void> = [];
  const flush = (items: string[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      finish.push((err) => (err ? reject(err) : resolve()));
    });
  return { batches, finish, flush };
}

const tick = () => new Promise((r) => setImmediate(r));
const flushes = (r: { batches: string[][] }, n: number) =>
  waitFor(`${n} flushes`, () => r.batches.length >= n, 5_000);

describe('GroupCommit', () => {
  test('items submitted while a flush is in flight go together in the next one', async () => {
    const r = recorder();
    const gc = new GroupCommit<string>(r.flush, { maxBatch: 100, maxInFlight: 1 });
    const first = gc.submit('a');
    const rest = ['b', 'c', 'd'].map((x) => gc.submit(x));
    await tick();
    assert.deepEqual(r.batches, [['a']]);
    r.finish[0]?.();
    await first;
    await tick();
    assert.deepEqual(r.batches, [['a'], ['b', 'c', 'd']]);
    r.finish[1]?.();
    await Promise.all(rest);
  });

  test('a batch holds at most maxBatch items, and items with one key never share a flush', async () => {
    const r = recorder();
    const gc = new GroupCommit<string>(r.flush, { maxBatch: 2, maxInFlight: 1, key: (x) => x[0] ?? '' });
    const done = ['x0', 'y', 'x1', 'z'].map((x) => gc.submit(x));
    for (let n = 1; n <= 3; n++) {
      await flushes(r, n);
      r.finish[n - 1]?.();
    }
    await Promise.all(done);
    // x1 waits for the flush after x0's although there was room beside y.
    assert.deepEqual(r.batches, [['x0'], ['y', 'x1'], ['z']]);
  });

  test("a flush's error rejects exactly its own items", async () => {
    const r = recorder();
    const gc = new GroupCommit<string>(r.flush, { maxBatch: 10, maxInFlight: 1 });
    const a = gc.submit('a');
    const b = gc.submit('b');
    await tick();
    r.finish[0]?.(new Error('database gone'));
    await assert.rejects(a, /database gone/);
    await tick();
    r.finish[1]?.();
    await b;
  });

  test('with lingerMs, the first item waits for others to join it', async () => {
    const r = recorder();
    const gc = new GroupCommit<string>(r.flush, { maxBatch: 10, maxInFlight: 1, lingerMs: 200 });
    const done = [gc.submit('a')];
    await tick();
    done.push(gc.submit('b'));
    await flushes(r, 1);
    assert.deepEqual(r.batches, [['a', 'b']]);
    r.finish[0]?.();
    await Promise.all(done);
  });

  test('with lingerMs, a full batch goes at once', async () => {
    const r = recorder();
    const gc = new GroupCommit<string>(r.flush, { maxBatch: 2, maxInFlight: 1, lingerMs: 60_000 });
    const done = ['a', 'b'].map((x) => gc.submit(x));
    await flushes(r, 1);
    assert.deepEqual(r.batches, [['a', 'b']]);
    r.finish[0]?.();
    await Promise.all(done);
  });
});
