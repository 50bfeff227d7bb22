import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonSyntaxError, minifyJson, nodeJsonText, objectMember, parseJsonDocument } from './json-source.js';
import { parseJsonPath, selectNodes } from './json-path.js';

describe('parseJsonDocument', () => {
  test('source text round-trips to the same value as JSON.parse, pretty or compact', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const doc = parseJsonDocument(text);
        assert.deepEqual(JSON.parse(nodeJsonText(doc, doc.root)), JSON.parse(text));
        assert.equal(minifyJson(text), JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  test('rejects what JSON.parse rejects', () => {
    for (const bad of ['', '{', '[1,]', '{"a" 1}', '01', 'tru', '"\u0001"', '"\\x"', '1 2', '{"a":1,}']) {
      assert.throws(() => parseJsonDocument(bad), JsonSyntaxError, bad);
      assert.throws(() => JSON.parse(bad), SyntaxError, bad);
    }
  });

  test('duplicate keys: the last value wins, as with JSON.parse', () => {
    const doc = parseJsonDocument('{"a":1,"b":2,"a":3}');
    const a = objectMember(doc.root, 'a');
    assert.ok(a);
    assert.equal(nodeJsonText(doc, a), '3');
    const all = selectNodes(parseJsonPath('$.*'), doc.root).map((n) => nodeJsonText(doc, n));
    assert.deepEqual(all, ['3', '2']);
  });
});

describe('selectNodes', () => {
  const doc = parseJsonDocument(
    '{"detail":{"a/b":1,"x-y":{"z_1":[10,{"k":"v"}]}},"resources":["r0","r1"],"detail-type":"T"}',
  );
  const select = (path: string) =>
    selectNodes(parseJsonPath(path), doc.root).map((n) => nodeJsonText(doc, n));

  test('dot notation with dashes, underscores and slashes; indices; wildcards', () => {
    assert.deepEqual(select('$.detail.a/b'), ['1']);
    assert.deepEqual(select('$.detail-type'), ['"T"']);
    assert.deepEqual(select('$.detail.x-y.z_1[1].k'), ['"v"']);
    assert.deepEqual(select('$.resources[1]'), ['"r1"']);
    assert.deepEqual(select('$.resources[*]'), ['"r0"', '"r1"']);
    assert.deepEqual(select('$.resources.*'), ['"r0"', '"r1"']);
    assert.deepEqual(select('$.detail.*'), ['1', '{"z_1":[10,{"k":"v"}]}']);
  });

  test('paths that do not exist select nothing', () => {
    assert.deepEqual(select('$.resources[5]'), []);
    assert.deepEqual(select('$.detail.nope.deeper'), []);
    assert.deepEqual(select('$.resources.name'), []);
    assert.deepEqual(select('$.detail[0]'), []);
  });

  test('only wildcard paths are indefinite', () => {
    assert.equal(parseJsonPath('$.a[0].b').indefinite, false);
    assert.equal(parseJsonPath('$.a[*].b').indefinite, true);
  });
});
