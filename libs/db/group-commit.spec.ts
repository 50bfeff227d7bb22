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

  test('flushNow ends a linger: what has joined goes at once', async () => {
    const r = recorder();
    const gc = new GroupCommit<string>(r.flush, { maxBatch: 10, maxInFlight: 1, lingerMs: 60_000 });
    const done = ['a', 'b'].map((x) => gc.submit(x));
    await tick();
    assert.deepEqual(r.batches, [], 'lingering');
    gc.flushNow();
    await flushes(r, 1);
    assert.deepEqual(r.batches, [['a', 'b']]);
    r.finish[0]?.();
    await Promise.all(done);
    // Without a linger it does nothing: nothing waits.
    gc.flushNow();
    assert.equal(r.batches.length, 1);
  });

  test('lingerMs as a function is asked at each first item: 0 sends it at once', async () => {
    const r = recorder();
    let linger = 0;
    const asked: number[] = [];
    const gc = new GroupCommit<string>(r.flush, {
      maxBatch: 2,
      maxInFlight: 1,
      lingerMs: () => (asked.push(linger), linger),
    });
    // No lingering: `a` goes alone (lingering a minute, the flush would not come in time).
    const a = gc.submit('a');
    await flushes(r, 1);
    r.finish[0]?.();
    await a;
    await gc.idle();
    // Lingering: `b` waits and `c` joins it, with no second question while it waits.
    linger = 60_000;
    const rest = ['b', 'c'].map((x) => gc.submit(x));
    await flushes(r, 2);
    r.finish[1]?.();
    await Promise.all(rest);
    assert.deepEqual(r.batches, [['a'], ['b', 'c']]);
    assert.deepEqual(asked, [0, 60_000]);
  });

  test("each submit resolves with its own item's result, and idle() waits for every flush", async () => {
    let flushes = 0;
    const gc = new GroupCommit<number, number>(
      async (items) => {
        flushes++;
        await new Promise((r) => setImmediate(r));
        return items.map((x) => x * 10);
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const results = Promise.all([1, 2, 3, 4, 5].map((x) => gc.submit(x)));
    assert.ok(gc.waiting > 0, 'the items beyond the first flush wait');
    await gc.idle();
    assert.equal(gc.waiting, 0);
    assert.deepEqual(await results, [10, 20, 30, 40, 50]);
    assert.equal(flushes, 3, '1, then 2–4 (at most 3), then 5');
  });

  test('a flush that answers early resolves its items and keeps its place in flight', async () => {
    let release = () => {};
    const batches: string[][] = [];
    const gc = new GroupCommit<string, string>(
      async (items, answer) => {
        batches.push(items);
        answer(items.map((x) => x.toUpperCase()));
        await new Promise<void>((r) => (release = r)); // follow-up work
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    assert.equal(await gc.submit('a'), 'A');
    const b = gc.submit('b');
    const c = gc.submit('c');
    await tick();
    assert.deepEqual(batches, [['a']], 'b and c wait while the first flush finishes its work');
    release();
    assert.deepEqual(await Promise.all([b, c]), ['B', 'C']);
    assert.deepEqual(batches, [['a'], ['b', 'c']]);
    release();
    await gc.idle();
  });
});
