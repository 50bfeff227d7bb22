import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateInputShaping } from './input-shaping.validator.js';
import { type InputShaping, InputShapingError } from './input-shaping.js';

const rejects = (config: InputShaping, message: RegExp) =>
  assert.throws(
    () => validateInputShaping(config),
    (error: unknown) => {
      assert.ok(error instanceof InputShapingError, `expected InputShapingError, got ${String(error)}`);
      assert.match(error.message, message);
      return true;
    },
  );

describe('validateInputShaping', () => {
  test('accepts the AWS documented shapes', () => {
    validateInputShaping({});
    validateInputShaping({ input: '{"a":1}' });
    validateInputShaping({ inputPath: '$.detail.instance-id' });
    validateInputShaping({ inputPath: '$.resources[0]' });
    validateInputShaping({ inputPath: '$.detail.items[*].id' });
    validateInputShaping({
      inputTransformer: {
        inputPathsMap: { instance: '$.detail.instance', status: '$.detail.status' },
        inputTemplate: '{"myInstance": <instance>,"myStatus": "<instance> is in state \\"<status>\\""}',
      },
    });
    validateInputShaping({ inputTransformer: { inputTemplate: '<aws.events.rule-name> fired' } });
  });

  test('input, inputPath and inputTransformer are mutually exclusive', () => {
    rejects({ input: '1', inputPath: '$' }, /only one of input, inputPath or inputTransformer/);
  });

  test('input must be JSON of at most 8192 characters', () => {
    rejects({ input: 'not json' }, /input must be valid JSON/);
    rejects({ input: `"${'x'.repeat(8191)}"` }, /input must be 1-8192 characters/);
  });

  test('JSON paths outside the supported subset are refused', () => {
    rejects({ inputPath: 'detail' }, /must start with "\$"/);
    rejects({ inputPath: "$['detail']" }, /inputPath: .*not supported/);
    rejects({ inputPath: '$..id' }, /not supported/);
    rejects({ inputPath: '$.items[-1]' }, /not supported/);
    rejects({ inputPath: `$.${'a'.repeat(255)}` }, /1-256 characters/);
  });

  test('the template may only use defined or predefined placeholders', () => {
    rejects(
      { inputTransformer: { inputTemplate: '"<notdefinedkey>"' } },
      /invalid placeholder notdefinedkey/,
    );
    // "<" and ">" cannot be escaped, so this is one placeholder named " b and <x".
    rejects(
      { inputTransformer: { inputPathsMap: { x: '$.x' }, inputTemplate: '"a < b and <x>"' } },
      /invalid placeholder {2}b and <x/,
    );
  });

  test('a placeholder cannot be an object key', () => {
    rejects(
      { inputTransformer: { inputPathsMap: { k: '$.k' }, inputTemplate: '{<k>: 1}' } },
      /as an object key/,
    );
    rejects(
      { inputTransformer: { inputPathsMap: { k: '$.k' }, inputTemplate: '{"<k>": 1}' } },
      /as an object key/,
    );
  });

  test('JSON and quoted templates must be well formed', () => {
    rejects(
      { inputTransformer: { inputPathsMap: { a: '$.a' }, inputTemplate: '{"a": <a>' } },
      /not valid JSON/,
    );
    rejects({ inputTransformer: { inputTemplate: '"unterminated' } }, /not valid a JSON string/);
  });

  test('limits: 100 variables, 8192-character template, key syntax, reserved names', () => {
    const map = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, '$.x']));
    rejects({ inputTransformer: { inputPathsMap: map, inputTemplate: '"x"' } }, /101 entries; at most 100/);
    rejects({ inputTransformer: { inputTemplate: 'x'.repeat(8193) } }, /1-8192 characters/);
    rejects({ inputTransformer: { inputTemplate: '' } }, /1-8192 characters/);
    rejects(
      { inputTransformer: { inputPathsMap: { 'a b': '$.x' }, inputTemplate: '"x"' } },
      /key "a b" must be/,
    );
    rejects(
      { inputTransformer: { inputPathsMap: { 'aws.events.rule-arn': '$.x' }, inputTemplate: '"x"' } },
      /predefined variable/,
    );
  });

  test('types are checked for configuration read from storage', () => {
    rejects({ inputPath: 5 } as unknown as InputShaping, /inputPath must be a string/);
    rejects(
      { inputTransformer: { inputPathsMap: [], inputTemplate: '"x"' } } as unknown as InputShaping,
      /object/,
    );
  });
});
