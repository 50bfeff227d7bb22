import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packBytes } from './packed-params.js';

test('packBytes: each buffer is found again at its start and length, counted from 1 as SQL does', () => {
  const parts = [Buffer.from('abc'), Buffer.alloc(0), Buffer.from([0, 255, 10]), Buffer.from('é')];
  const { bytes, starts, lengths } = packBytes(parts);
  assert.deepEqual(starts, [1, 4, 4, 7]);
  assert.deepEqual(lengths, [3, 0, 3, 2]);
  parts.forEach((p, i) =>
    assert.deepEqual(bytes.subarray((starts[i] ?? 0) - 1, (starts[i] ?? 0) - 1 + (lengths[i] ?? 0)), p),
  );
  assert.deepEqual(packBytes([]), { bytes: Buffer.alloc(0), starts: [], lengths: [] });
});
