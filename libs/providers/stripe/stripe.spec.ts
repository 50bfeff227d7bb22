import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import {
  NOW_SECONDS,
  assertFailure,
  assertOk,
  settings,
  webhookRequest,
} from '../testing/webhook.fixture.js';
import { stripeAdapter } from './stripe.adapter.js';

// Signing is local: the dummy key is never sent anywhere.
const stripe = new Stripe('sk_test_dummy');
const SECRET = 'whsec_test_current';
const OLD_SECRET = 'whsec_test_previous';
const BODY =
  '{"id":"evt_1Nx","object":"event","created":1777636800,"type":"payment_intent.succeeded",' +
  '"data":{"object":{"id":"pi_3Nx","amount":1050,"fee":0.10}}}';

function header(opts: { secret?: string; timestamp?: number; payload?: string; scheme?: string } = {}) {
  return stripe.webhooks.generateTestHeaderString({
    payload: opts.payload ?? BODY,
    secret: opts.secret ?? SECRET,
    timestamp: opts.timestamp ?? NOW_SECONDS,
    ...(opts.scheme ? { scheme: opts.scheme } : {}),
  });
}

const request = (signature: string | undefined, body = BODY) =>
  webhookRequest({ body, headers: signature === undefined ? {} : { 'Stripe-Signature': signature } });
const verify = (signature: string | undefined, options = {}, secrets = [SECRET], body = BODY) =>
  stripeAdapter.verify(request(signature, body), settings('stripe', secrets, options));

describe('stripe verify (signed by stripe.webhooks.generateTestHeaderString)', () => {
  test('a valid header verifies, and stripe-node agrees', () => {
    const signature = header();
    assertOk(verify(signature));
    const event = stripe.webhooks.constructEvent(BODY, signature, SECRET, 300, undefined, NOW_SECONDS);
    assert.equal(event.id, 'evt_1Nx');
  });

  test('a rotated secret verifies; so does a header carrying several v1 values', () => {
    assertOk(verify(header({ secret: OLD_SECRET }), {}, [SECRET, OLD_SECRET]));
    const a = header({ secret: 'whsec_other' });
    const b = header();
    const combined = `${a},${b.split(',')[1]}`;
    assertOk(verify(combined));
  });

  test('v0 signatures are ignored even when they would match', () => {
    const v0Only = header({ scheme: 'v0' });
    assert.match(v0Only, /,v0=/);
    assertFailure(verify(v0Only), 'InvalidSignature', 'Stripe-Signature');
    const withBadV1 = `${v0Only},v1=${'0'.repeat(64)}`;
    assertFailure(verify(withBadV1), 'InvalidSignature', 'Stripe-Signature');
  });

  test('tampered body and wrong secret fail with InvalidSignature', () => {
    assertFailure(
      verify(header(), {}, [SECRET], BODY.replace('1050', '9999')),
      'InvalidSignature',
      'Stripe-Signature',
      [SECRET],
    );
    assertFailure(verify(header({ secret: 'whsec_wrong' })), 'InvalidSignature', 'Stripe-Signature', [
      SECRET,
    ]);
  });

  test('missing and malformed headers', () => {
    assertFailure(verify(undefined), 'MissingSignature', 'Stripe-Signature');
    for (const bad of [
      'garbage',
      `v1=${'a'.repeat(64)}`,
      `t=abc,v1=${'a'.repeat(64)}`,
      `t=${NOW_SECONDS},v1=zz`,
    ]) {
      assertFailure(verify(bad), 'MalformedSignature', 'Stripe-Signature');
    }
  });

  test('an entry that cannot be read is skipped when a v1 can be checked, as stripe-node does', () => {
    const signed = header();
    for (const extra of ['v1=zz', 'garbage', `v1=${'a'.repeat(63)}`]) {
      assertOk(verify(`${signed},${extra}`));
      assertOk(verify(`${extra},${signed}`));
    }
    // Skipped, not trusted: a malformed entry beside a wrong one still fails.
    assertFailure(
      verify(`t=${NOW_SECONDS},v1=${'a'.repeat(64)},v1=zz`),
      'InvalidSignature',
      'Stripe-Signature',
      [SECRET],
    );
  });

  test('stale and far-future timestamps fail with StaleTimestamp; the tolerance is an option', () => {
    assertFailure(verify(header({ timestamp: NOW_SECONDS - 301 })), 'StaleTimestamp', 'Stripe-Signature');
    assertFailure(verify(header({ timestamp: NOW_SECONDS + 301 })), 'StaleTimestamp', 'Stripe-Signature');
    assertOk(verify(header({ timestamp: NOW_SECONDS - 299 })));
    assertOk(verify(header({ timestamp: NOW_SECONDS - 1000 }), { toleranceSeconds: 1200 }));
  });
});

describe('stripe dedup and normalize', () => {
  test('dedup key is the event id', () => {
    assert.equal(stripeAdapter.dedupKey(request(header())), 'evt_1Nx');
    assert.equal(stripeAdapter.dedupKey(request(header(), 'not json')), undefined);
  });

  test('detail-type, time, resources and detail', () => {
    const normalized = stripeAdapter.normalize(request(header()));
    assert.equal(normalized.detailType, 'payment_intent.succeeded');
    assert.equal(normalized.time?.toISOString(), new Date(1777636800 * 1000).toISOString());
    assert.deepEqual(normalized.resources, ['pi_3Nx']);
    assert.equal(normalized.detailJson, BODY);
  });
});
