import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detailType } from './fields.js';

/** A lone surrogate does not survive a round trip through UTF-8. */
const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;

describe('detailType', () => {
  test('blank or not a string → the fallback; otherwise trimmed', () => {
    assert.equal(detailType(undefined, 'Webhook'), 'Webhook');
    assert.equal(detailType(42, 'Webhook'), 'Webhook');
    assert.equal(detailType('  ', 'Webhook'), 'Webhook');
    assert.equal(detailType(' push ', 'Webhook'), 'push');
  });

  test('cut to 128 characters, never through a surrogate pair', () => {
    assert.equal(detailType('a'.repeat(200), 'x'), 'a'.repeat(128));
    const emoji = '\u{1F600}';
    // The pair would straddle the limit: it is dropped whole, not halved.
    const straddling = detailType(`${'a'.repeat(127)}${emoji}tail`, 'x');
    assert.equal(straddling, 'a'.repeat(127));
    assert.ok(wellFormed(straddling));
    // A pair that ends exactly at the limit is kept.
    assert.equal(detailType(`${'a'.repeat(126)}${emoji}tail`, 'x'), `${'a'.repeat(126)}${emoji}`);
    for (let pad = 100; pad < 130; pad++) {
      const cut = detailType(`${'b'.repeat(pad)}${emoji.repeat(20)}`, 'x');
      assert.ok(cut.length <= 128 && wellFormed(cut), `pad ${pad}`);
    }
  });
});
