import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonSyntaxError, parseJsonText } from './json-text.js';

describe('parseJsonText', () => {
  test('keeps number text and every member in order, duplicates included', () => {
    assert.deepEqual(parseJsonText('{"n":300.0,"n":-1E+2,"s":"a\\u00e9\\n"}', 10), {
      type: 'object',
      entries: [
        ['n', { type: 'number', text: '300.0', value: 300 }],
        ['n', { type: 'number', text: '-1E+2', value: -100 }],
        ['s', { type: 'string', value: 'aé\n' }],
      ],
    });
  });

  test('rejects what Jackson rejects, with its wording', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /No content to map/],
      ['{"a":01}', /Leading zeroes not allowed/],
      ['{"a":1.}', /Invalid numeric value/],
      ['{"a":"x\ny"}', /Illegal unquoted character \(\(CTRL-CHAR, code 10\)\)/],
      ['{"a":"\\x"}', /Unrecognized character escape 'x'/],
      ["{'a':1}", /Unexpected character \(''' \(code 39\)\): was expecting double-quote to start field name/],
      ['{"a" 1}', /was expecting a colon/],
      ['[1 2]', /was expecting comma to separate Array entries/],
      ['{"a":1', /expected close marker for Object/],
      ['nul', /Unrecognized token 'nul'/],
    ];
    for (const [text, message] of cases) assert.throws(() => parseJsonText(text, 10), message, text);
  });

  test('bounds nesting depth', () => {
    parseJsonText('[[[1]]]', 3);
    assert.throws(() => parseJsonText('[[[[1]]]]', 3), JsonSyntaxError);
  });
});
