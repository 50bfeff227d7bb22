import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { WebhookSecretError, signWebhook, webhookSecretKey } from './webhook-signer.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OLD_SECRET = `whsec_${Buffer.from('an-older-secret-being-rotated-out').toString('base64')}`;

describe('signWebhook', () => {
  const at = new Date('2026-03-01T12:00:00.900Z');

  test('matches the standardwebhooks reference signer byte for byte', () => {
    const body = '{"test": 2432232314}';
    const headers = signWebhook([SECRET], 'msg_p5jXN8AQM9LWM0D4loKWxJek', at, body);
    assert.equal(headers['webhook-timestamp'], String(Math.floor(at.getTime() / 1000)));
    assert.equal(
      headers['webhook-signature'],
      new Webhook(SECRET).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', at, body),
    );
  });

  test('signs with every secret so receivers can rotate; each verifies on its own', () => {
    const body = '{"a":1}';
    const headers = signWebhook([SECRET, OLD_SECRET], 'msg_1', new Date(), body);
    assert.equal(headers['webhook-signature'].split(' ').length, 2);
    for (const secret of [SECRET, OLD_SECRET])
      assert.deepEqual(new Webhook(secret).verify(body, { ...headers }), { a: 1 });
  });

  test('secrets must be whsec_ + base64', () => {
    assert.equal(webhookSecretKey(SECRET).length, 24);
    for (const bad of ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_not base64!', 'whsec_abc']) {
      assert.throws(() => webhookSecretKey(bad), WebhookSecretError, bad);
    }
  });
});
