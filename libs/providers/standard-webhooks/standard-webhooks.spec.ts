import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { generateSecret } from '../secrets.js';
import {
  NOW_SECONDS,
  RECEIVED_AT,
  assertFailure,
  assertOk,
  settings,
  webhookRequest,
} from '../testing/webhook.fixture.js';
import { standardWebhooksAdapter } from './standard-webhooks.adapter.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const BODY =
  '{"type":"invoice.paid","timestamp":"2026-05-01T11:59:59.500Z","data":{"id":"inv_1","total":12.50}}';
const ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';

function signedHeaders(
  opts: { secret?: string; at?: Date; id?: string; prefix?: 'webhook' | 'svix'; body?: string } = {},
) {
  const at = opts.at ?? RECEIVED_AT;
  const id = opts.id ?? ID;
  const signer =
    opts.prefix === 'svix' ? new SvixWebhook(opts.secret ?? SECRET) : new Webhook(opts.secret ?? SECRET);
  const prefix = opts.prefix ?? 'webhook';
  return {
    [`${prefix}-id`]: id,
    [`${prefix}-timestamp`]: String(Math.floor(at.getTime() / 1000)),
    [`${prefix}-signature`]: signer.sign(id, at, opts.body ?? BODY),
  };
}

const verify = (headers: Record<string, string>, secrets = [SECRET], body = BODY, receivedAt = RECEIVED_AT) =>
  standardWebhooksAdapter.verify(
    webhookRequest({ body, headers, receivedAt }),
    settings('standard-webhooks', secrets),
  );

describe('standard-webhooks verify (signed by standardwebhooks and svix)', () => {
  test('webhook-* headers signed by standardwebhooks verify', () => {
    assertOk(verify(signedHeaders()));
  });

  test('svix-* headers signed by svix verify', () => {
    assertOk(verify(signedHeaders({ prefix: 'svix' })));
  });

  test('a raw base64 secret (no whsec_ prefix) works', () => {
    const raw = SECRET.slice('whsec_'.length);
    assertOk(verify(signedHeaders({ secret: raw }), [raw]));
  });

  test('a generated secret round-trips through the reference library, both ways', () => {
    const secret = generateSecret('standard-webhooks');
    const now = new Date();
    const headers = signedHeaders({ secret, at: now });
    assertOk(verify(headers, [secret], BODY, now));
    assert.doesNotThrow(() => new Webhook(secret).verify(BODY, headers));
  });

  test('several space-separated signatures: any v1 may match; v1a entries are skipped', () => {
    const current = signedHeaders();
    const other = signedHeaders({ secret: 'whsec_' + Buffer.alloc(24, 7).toString('base64') });
    const list = `v1a,${Buffer.alloc(64).toString('base64')} ${other['webhook-signature']} ${current['webhook-signature']}`;
    assertOk(verify({ ...current, 'webhook-signature': list }));
  });

  test('a rotated secret verifies', () => {
    const old = 'whsec_' + Buffer.alloc(32, 1).toString('base64');
    assertOk(verify(signedHeaders({ secret: old }), [SECRET, old]));
  });

  test('tampered body, other id and wrong secret fail with InvalidSignature', () => {
    assertFailure(
      verify(signedHeaders(), [SECRET], BODY.replace('12.50', '1.25')),
      'InvalidSignature',
      'webhook-signature',
      [SECRET],
    );
    assertFailure(verify({ ...signedHeaders(), 'webhook-id': 'msg_other' }), 'InvalidSignature');
    const wrong = 'whsec_' + Buffer.alloc(24, 9).toString('base64');
    assertFailure(verify(signedHeaders({ secret: wrong })), 'InvalidSignature', 'webhook-signature');
  });

  test('stale and far-future timestamps fail with StaleTimestamp', () => {
    assertFailure(
      verify(signedHeaders({ at: new Date((NOW_SECONDS - 301) * 1000) })),
      'StaleTimestamp',
      'webhook-timestamp',
    );
    assertFailure(
      verify(signedHeaders({ at: new Date((NOW_SECONDS + 301) * 1000) })),
      'StaleTimestamp',
      'webhook-timestamp',
    );
  });

  test('missing and malformed headers', () => {
    const { 'webhook-signature': _s, ...noSignature } = signedHeaders();
    assertFailure(verify(noSignature), 'MissingSignature', 'webhook-signature');
    const { 'webhook-id': _i, ...noId } = signedHeaders();
    assertFailure(verify(noId), 'MissingSignature', 'webhook-id');
    assertFailure(
      verify({ ...signedHeaders(), 'webhook-timestamp': '2026-05-01' }),
      'MalformedSignature',
      'webhook-timestamp',
    );
    assertFailure(
      verify({ ...signedHeaders(), 'webhook-signature': 'nonsense' }),
      'MalformedSignature',
      'webhook-signature',
    );
    assertFailure(
      verify({ ...signedHeaders(), 'webhook-signature': 'v1,AAAA' }),
      'MalformedSignature',
      'webhook-signature',
    );
    assertFailure(
      verify({ ...signedHeaders(), 'webhook-signature': `v1a,${Buffer.alloc(64).toString('base64')}` }),
      'InvalidSignature',
    );
  });
});

describe('standard-webhooks entries that cannot be read', () => {
  test("are skipped when a v1 can be checked, as the vendors' libraries do", () => {
    const signed = signedHeaders();
    for (const extra of ['nonsense', 'v1,AAAA', 'v1,%%%']) {
      assertOk(verify({ ...signed, 'webhook-signature': `${extra} ${signed['webhook-signature']}` }));
      assertOk(verify({ ...signed, 'webhook-signature': `${signed['webhook-signature']} ${extra}` }));
    }
    // Skipped, not trusted: beside a wrong v1 the request still fails.
    assertFailure(
      verify({ ...signed, 'webhook-signature': `v1,AAAA v1,${Buffer.alloc(32).toString('base64')}` }),
      'InvalidSignature',
      'webhook-signature',
    );
  });
});

describe('standard-webhooks dedup and normalize', () => {
  test('dedup on webhook-id or svix-id', () => {
    assert.equal(
      standardWebhooksAdapter.dedupKey(webhookRequest({ body: BODY, headers: signedHeaders() })),
      ID,
    );
    assert.equal(
      standardWebhooksAdapter.dedupKey(
        webhookRequest({ body: BODY, headers: signedHeaders({ prefix: 'svix' }) }),
      ),
      ID,
    );
  });

  test('detail-type = type, time = timestamp, detail = body', () => {
    const normalized = standardWebhooksAdapter.normalize(
      webhookRequest({ body: BODY, headers: signedHeaders() }),
    );
    assert.equal(normalized.detailType, 'invoice.paid');
    assert.equal(normalized.time?.toISOString(), '2026-05-01T11:59:59.500Z');
    assert.deepEqual(normalized.resources, []);
    assert.equal(normalized.detailJson, BODY);
  });
});
