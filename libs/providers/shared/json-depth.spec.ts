import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nestsDeeperThan } from './json-depth.js';

describe('nestsDeeperThan', () => {
  test('counts arrays and objects alike, the outermost as level 1', () => {
    assert.equal(nestsDeeperThan('1', 0), false);
    assert.equal(nestsDeeperThan('[]', 0), true);
    assert.equal(nestsDeeperThan('{"a":[{"b":[]}]}', 4), false);
    assert.equal(nestsDeeperThan('{"a":[{"b":[]}]}', 3), true);
    // Depth is the deepest point, not the number of brackets.
    assert.equal(nestsDeeperThan('[[],[[]],[],{"a":{}},[]]', 3), false);
    assert.equal(nestsDeeperThan('[[],[[]],[],{"a":{}},[]]', 2), true);
  });

  test('brackets inside strings do not count, escaped quotes do not end them', () => {
    assert.equal(nestsDeeperThan('{"[[[[":"{{{{"}', 1), false);
    assert.equal(nestsDeeperThan(String.raw`{"a":"\"[[[[\\"}`, 1), false);
    assert.equal(nestsDeeperThan(String.raw`{"a":"\\\"[[","b":"\\"}`, 1), false);
    // An escaped backslash before the quote: the string ends there and the bracket counts.
    assert.equal(nestsDeeperThan(String.raw`{"a":"\\","b":[]}`, 1), true);
  });

  test('a hundred thousand levels is answered without recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    assert.equal(nestsDeeperThan(deep, 99_999), true);
    assert.equal(nestsDeeperThan(deep, 100_000), false);
  });
});
