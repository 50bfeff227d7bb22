import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settings, webhookRequest } from '../testing/webhook.fixture.js';
import { noneAdapter } from './none.adapter.js';

test('none accepts every request and normalizes generically', () => {
  const request = webhookRequest({ body: Buffer.from([0xff, 0x00, 0x01]) });
  assert.deepEqual(noneAdapter.verify(request, settings('none', [])), { ok: true });
  assert.equal(noneAdapter.dedupKey(request), undefined);
  assert.deepEqual(noneAdapter.normalize(request), {
    detailType: 'Webhook',
    resources: [],
    detailJson: '{"raw":"/wAB"}',
  });
});
