import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidSlackRequest } from '@slack/bolt';
import {
  NOW_SECONDS,
  RECEIVED_AT,
  assertFailure,
  assertOk,
  settings,
  webhookRequest,
} from '../testing/webhook.fixture.js';
import { slackAdapter } from './slack.adapter.js';

// @slack/bolt has no signer: we sign with node:crypto and check that Bolt's own verifier accepts
// the same fixtures.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const EVENT =
  '{"token":"x","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"Ev08MFMKH6","event_time":1777636790,' +
  '"event":{"type":"app_mention","text":"<@U1> hi","ts":"1777636790.000200"}}';
const COMMAND =
  'token=x&team_id=T1&command=%2Fdeploy&text=api+prod&response_url=https%3A%2F%2Fhooks.slack.com%2Fx&trigger_id=13345224609';
const INTERACTIVE = `payload=${encodeURIComponent('{"type":"block_actions","trigger_id":"1","actions":[{"value":"1.50"}]}')}`;

function sign(body: string, timestamp = NOW_SECONDS, secret = SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function slackRequest(body: string, opts: { timestamp?: number; secret?: string; form?: boolean } = {}) {
  const timestamp = opts.timestamp ?? NOW_SECONDS;
  return webhookRequest({
    body,
    headers: {
      'X-Slack-Signature': sign(body, timestamp, opts.secret),
      'X-Slack-Request-Timestamp': String(timestamp),
      'Content-Type': opts.form ? 'application/x-www-form-urlencoded' : 'application/json',
    },
  });
}

function boltAccepts(body: string, timestamp = NOW_SECONDS): boolean {
  return isValidSlackRequest({
    signingSecret: SECRET,
    body,
    headers: { 'x-slack-signature': sign(body, timestamp), 'x-slack-request-timestamp': timestamp },
    nowMilliseconds: RECEIVED_AT.getTime(),
  });
}

const verify = (request: ReturnType<typeof slackRequest>, secrets = [SECRET]) =>
  slackAdapter.verify(request, settings('slack', secrets));

describe('slack verify', () => {
  for (const [name, body, form] of [
    ['an Events API callback', EVENT, false],
    ['a slash command (form)', COMMAND, true],
    ['an interactivity payload (form)', INTERACTIVE, true],
  ] as const) {
    test(`${name} verifies, and @slack/bolt agrees`, () => {
      assertOk(verify(slackRequest(body, { form })));
      assert.equal(boltAccepts(body), true);
    });
  }

  test('a rotated secret verifies', () => {
    assertOk(verify(slackRequest(EVENT, { secret: 'old' }), [SECRET, 'old']));
  });

  test('tampered body and wrong secret fail with InvalidSignature', () => {
    const request = slackRequest(EVENT);
    assertFailure(
      verify({ ...request, rawBody: Buffer.from(EVENT.replace('hi', 'bye')) }),
      'InvalidSignature',
      'X-Slack-Signature',
      [SECRET],
    );
    assertFailure(verify(slackRequest(EVENT, { secret: 'wrong' })), 'InvalidSignature', 'X-Slack-Signature');
  });

  test('a signature re-used with another timestamp fails', () => {
    const request = slackRequest(EVENT);
    const moved = {
      ...request,
      headers: { ...request.headers, 'x-slack-request-timestamp': String(NOW_SECONDS - 5) },
    };
    assertFailure(verify(moved), 'InvalidSignature');
  });

  test('stale and far-future timestamps fail with StaleTimestamp (Bolt only checks the past)', () => {
    assertFailure(
      verify(slackRequest(EVENT, { timestamp: NOW_SECONDS - 301 })),
      'StaleTimestamp',
      'X-Slack-Request-Timestamp',
    );
    assert.equal(boltAccepts(EVENT, NOW_SECONDS - 301), false);
    assertFailure(
      verify(slackRequest(EVENT, { timestamp: NOW_SECONDS + 301 })),
      'StaleTimestamp',
      'X-Slack-Request-Timestamp',
    );
  });

  test('missing and malformed headers', () => {
    const request = slackRequest(EVENT);
    const without = (name: string) => ({ ...request, headers: { ...request.headers, [name]: undefined } });
    const replaced = (name: string, value: string) => ({
      ...request,
      headers: { ...request.headers, [name]: value },
    });
    assertFailure(verify(without('x-slack-signature')), 'MissingSignature', 'X-Slack-Signature');
    assertFailure(
      verify(without('x-slack-request-timestamp')),
      'MissingSignature',
      'X-Slack-Request-Timestamp',
    );
    assertFailure(verify(replaced('x-slack-signature', 'v1=abc')), 'MalformedSignature', 'X-Slack-Signature');
    assertFailure(
      verify(replaced('x-slack-request-timestamp', 'soon')),
      'MalformedSignature',
      'X-Slack-Request-Timestamp',
    );
  });
});

describe('slack dedup, normalize and url_verification', () => {
  test('an event callback: dedup on event_id, detail-type = event.type, time = event_time', () => {
    const request = slackRequest(EVENT);
    assert.equal(slackAdapter.dedupKey(request), 'Ev08MFMKH6');
    const normalized = slackAdapter.normalize(request);
    assert.equal(normalized.detailType, 'app_mention');
    assert.equal(normalized.time?.getTime(), 1777636790 * 1000);
    assert.equal(normalized.detailJson, EVENT);
    assert.equal(slackAdapter.immediateResponse?.(request), undefined);
  });

  test('url_verification is answered with the challenge as text/plain', () => {
    const body =
      '{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}';
    const request = slackRequest(body);
    assertOk(verify(request));
    assert.deepEqual(slackAdapter.immediateResponse?.(request), {
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      body: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
    assert.equal(slackAdapter.normalize(request).detailType, 'url_verification');
  });

  test('a slash command becomes a JSON object of its fields', () => {
    const request = slackRequest(COMMAND, { form: true });
    const normalized = slackAdapter.normalize(request);
    assert.equal(normalized.detailType, 'slash_command');
    assert.equal(JSON.parse(normalized.detailJson).command, '/deploy');
    assert.equal(JSON.parse(normalized.detailJson).text, 'api prod');
    assert.equal(slackAdapter.dedupKey(request), undefined);
  });

  test('an interactivity payload becomes its JSON, number text intact', () => {
    const normalized = slackAdapter.normalize(slackRequest(INTERACTIVE, { form: true }));
    assert.equal(normalized.detailType, 'block_actions');
    assert.equal(
      normalized.detailJson,
      '{"type":"block_actions","trigger_id":"1","actions":[{"value":"1.50"}]}',
    );
  });
});
