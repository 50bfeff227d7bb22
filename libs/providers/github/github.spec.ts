import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sign } from '@octokit/webhooks-methods';
import { assertFailure, assertOk, settings, webhookRequest } from '../testing/webhook.fixture.js';
import { githubAdapter } from './github.adapter.js';

const SECRET = 'gh-secret-7f3a';
const BODY = JSON.stringify({
  action: 'opened',
  number: 7,
  pull_request: { html_url: 'https://github.com/acme/app/pull/7', additions: 300.0 },
  repository: { html_url: 'https://github.com/acme/app' },
}).replace('300', '300.0');

async function signed(body: string, secret = SECRET, extra: Record<string, string> = {}) {
  return webhookRequest({
    body,
    headers: {
      'X-Hub-Signature-256': await sign(secret, body),
      'X-GitHub-Event': 'pull_request',
      'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'Content-Type': 'application/json',
      ...extra,
    },
  });
}

describe('github verify', () => {
  test("GitHub's published test vector verifies", () => {
    const request = webhookRequest({
      body: 'Hello, World!',
      headers: {
        'X-Hub-Signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      },
    });
    assertOk(githubAdapter.verify(request, settings('github', ["It's a Secret to Everybody"])));
  });

  test('a body signed by @octokit/webhooks-methods verifies', async () => {
    assertOk(githubAdapter.verify(await signed(BODY), settings('github', [SECRET])));
  });

  test('a second (rotated) secret verifies', async () => {
    assertOk(
      githubAdapter.verify(await signed(BODY, 'old-secret'), settings('github', [SECRET, 'old-secret'])),
    );
  });

  test('a tampered body fails with InvalidSignature', async () => {
    const request = await signed(BODY);
    const tampered = { ...request, rawBody: Buffer.from(BODY.replace('opened', 'closed')) };
    assertFailure(
      githubAdapter.verify(tampered, settings('github', [SECRET])),
      'InvalidSignature',
      'X-Hub-Signature-256',
      [SECRET],
    );
  });

  test('a wrong secret fails with InvalidSignature and leaks neither secret nor signature', async () => {
    const request = await signed(BODY, 'someone-else');
    const expected = await sign(SECRET, BODY);
    const result = githubAdapter.verify(request, settings('github', [SECRET]));
    assertFailure(result, 'InvalidSignature', 'X-Hub-Signature-256', [SECRET, expected, expected.slice(7)]);
  });

  test('a missing header fails with MissingSignature naming the header', () => {
    const request = webhookRequest({ body: BODY, headers: { 'X-GitHub-Event': 'push' } });
    assertFailure(
      githubAdapter.verify(request, settings('github', [SECRET])),
      'MissingSignature',
      'X-Hub-Signature-256',
    );
  });

  for (const bad of [
    '757107ea',
    'sha256=xyz',
    'sha1=757107ea0eb2509fc211221cce984b8a37570b6d',
    `sha256=${'a'.repeat(62)}`,
  ]) {
    test(`a malformed header (${bad.slice(0, 16)}…) fails with MalformedSignature`, () => {
      const request = webhookRequest({ body: BODY, headers: { 'X-Hub-Signature-256': bad } });
      assertFailure(
        githubAdapter.verify(request, settings('github', [SECRET])),
        'MalformedSignature',
        'X-Hub-Signature-256',
      );
    });
  }

  test('the legacy SHA-1 header is used only when allowSha1 is set', () => {
    const sha1 = `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`;
    const request = webhookRequest({ body: BODY, headers: { 'X-Hub-Signature': sha1 } });
    assertFailure(
      githubAdapter.verify(request, settings('github', [SECRET])),
      'MissingSignature',
      'X-Hub-Signature-256',
    );
    assertOk(githubAdapter.verify(request, settings('github', [SECRET], { allowSha1: true })));
  });

  test('a valid SHA-1 header cannot rescue a bad SHA-256 one (no downgrade)', () => {
    const sha1 = `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`;
    const request = webhookRequest({
      body: BODY,
      headers: { 'X-Hub-Signature': sha1, 'X-Hub-Signature-256': `sha256=${'0'.repeat(64)}` },
    });
    const result = githubAdapter.verify(request, settings('github', [SECRET], { allowSha1: true }));
    assertFailure(result, 'InvalidSignature', 'X-Hub-Signature-256');
  });

  test('a source without secrets rejects everything', async () => {
    assertFailure(githubAdapter.verify(await signed(BODY), settings('github', [])), 'InvalidSignature');
  });
});

describe('github dedup and normalize', () => {
  test('dedup key is X-GitHub-Delivery', async () => {
    assert.equal(githubAdapter.dedupKey(await signed(BODY)), '72d3162e-cc78-11e3-81ab-4c9367dc0958');
    assert.equal(githubAdapter.dedupKey(webhookRequest({ body: BODY })), undefined);
  });

  test('detail-type, resources and the body text as detail', async () => {
    const normalized = githubAdapter.normalize(await signed(BODY));
    assert.equal(normalized.detailType, 'pull_request');
    assert.equal(normalized.time, undefined);
    assert.deepEqual(normalized.resources, [
      'https://github.com/acme/app',
      'https://github.com/acme/app/pull/7',
    ]);
    assert.equal(normalized.detailJson, BODY);
    assert.match(normalized.detailJson, /"additions":300\.0/);
  });

  test('a form-encoded delivery is normalized from its payload field', async () => {
    const form = new URLSearchParams({ payload: BODY }).toString();
    const request = await signed(form, SECRET, { 'Content-Type': 'application/x-www-form-urlencoded' });
    assertOk(githubAdapter.verify(request, settings('github', [SECRET])));
    const normalized = githubAdapter.normalize(request);
    assert.equal(normalized.detailJson, BODY);
    assert.deepEqual(normalized.resources, [
      'https://github.com/acme/app',
      'https://github.com/acme/app/pull/7',
    ]);
  });
});
