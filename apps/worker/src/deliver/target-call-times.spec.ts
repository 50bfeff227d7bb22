import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TargetCallTimes } from './target-call-times.js';

describe('TargetCallTimes', () => {
  test('a target not called yet counts as fast; one called counts by its recent calls', () => {
    const times = new TargetCallTimes();
    assert.equal(times.within('new', 20), true);
    times.observe('slow', 250);
    assert.equal(times.within('slow', 20), false);
    times.observe('fast', 2);
    assert.equal(times.within('fast', 20), true);
  });

  test('a target that has become fast counts as fast again after a few calls', () => {
    const times = new TargetCallTimes();
    times.observe('t', 100);
    let calls = 0;
    while (!times.within('t', 20)) {
      times.observe('t', 1);
      calls++;
      assert.ok(calls < 20, 'still slow after 20 fast calls');
    }
    assert.ok(calls > 1, 'one fast call does not outweigh a slow one');
  });

  test('remembers at most 10 000 targets, forgetting the one called least recently', () => {
    const times = new TargetCallTimes();
    times.observe('first', 500);
    times.observe('second', 500);
    for (let i = 0; i < 9_998; i++) times.observe(`t${i}`, 500);
    times.observe('first', 500); // called again: now the most recent
    times.observe('one more', 500);
    assert.equal(times.within('first', 20), false, 'kept');
    assert.equal(times.within('second', 20), true, 'forgotten, so unknown again');
  });
});
