import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_EVENT_DEPTH } from '#libs/event-pattern';
import { MAX_DETAIL_DEPTH, toDetailJson } from './detail.js';

const detail = (body: string | Buffer, contentType = 'application/json') =>
  toDetailJson(Buffer.isBuffer(body) ? body : Buffer.from(body), contentType);

describe('toDetailJson', () => {
  test('a JSON object is passed through as its own text, number text intact', () => {
    assert.equal(
      detail('{"price":300.0,"big":12345678901234567890}'),
      '{"price":300.0,"big":12345678901234567890}',
    );
    assert.equal(detail(' {"a":1}\n', ''), '{"a":1}');
    assert.equal(detail('\uFEFF{"bom":true}'), '{"bom":true}');
  });

  test('other JSON is wrapped as {"value": …} keeping its text', () => {
    assert.equal(detail('[1,2.50]'), '{"value":[1,2.50]}');
    assert.equal(detail('"hi"'), '{"value":"hi"}');
    assert.equal(detail('1e3'), '{"value":1e3}');
    assert.equal(detail('null'), '{"value":null}');
  });

  test('a form body becomes an object of its fields; repeats become arrays; __proto__ stays data', () => {
    const json = detail('a=1&b=x+y&a=2&__proto__=p&empty=', 'application/x-www-form-urlencoded');
    assert.equal(json, '{"a":["1","2"],"b":"x y","__proto__":"p","empty":""}');
    assert.equal(detail('', 'application/x-www-form-urlencoded'), '{}');
  });

  test('anything else is {"raw": base64}', () => {
    assert.equal(
      detail('hello', 'text/plain'),
      JSON.stringify({ raw: Buffer.from('hello').toString('base64') }),
    );
    assert.equal(detail(Buffer.from([0x7b, 0xff, 0x7d])), JSON.stringify({ raw: 'e/99' }));
    assert.equal(detail(''), '{"raw":""}');
    assert.equal(detail('{"a":'), JSON.stringify({ raw: Buffer.from('{"a":').toString('base64') }));
  });

  test('JSON nesting deeper than an event may is {"raw": base64}, so the event still routes', () => {
    assert.equal(MAX_DETAIL_DEPTH, MAX_EVENT_DEPTH - 1, 'the envelope is one level');
    const object = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const array = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    const raw = (body: string) => JSON.stringify({ raw: Buffer.from(body).toString('base64') });
    // An object body is the detail itself: up to MAX_DETAIL_DEPTH levels pass through.
    assert.equal(detail(object(MAX_DETAIL_DEPTH)), object(MAX_DETAIL_DEPTH));
    assert.equal(detail(object(MAX_DETAIL_DEPTH + 1)), raw(object(MAX_DETAIL_DEPTH + 1)));
    // Other JSON is wrapped in {"value": …}, one level more.
    assert.equal(detail(array(MAX_DETAIL_DEPTH - 1)), `{"value":${array(MAX_DETAIL_DEPTH - 1)}}`);
    assert.equal(detail(array(MAX_DETAIL_DEPTH)), raw(array(MAX_DETAIL_DEPTH)));
    const huge = `{"a":${array(100_000)}}`;
    assert.equal(detail(huge), raw(huge));
    // Brackets inside strings are text, not nesting.
    const text = JSON.stringify({ s: '['.repeat(5_000) });
    assert.equal(detail(text), text);
  });

  test('every output is valid JSON', () => {
    for (const body of ['{}', '[]', 'x', 'a=1', '{"a":1}x', '\u2028']) {
      for (const type of ['application/json', 'application/x-www-form-urlencoded', '']) {
        assert.doesNotThrow(() => JSON.parse(detail(body, type)));
      }
    }
  });
});
