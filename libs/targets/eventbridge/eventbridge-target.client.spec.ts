import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import type { DeliveryFailure, DeliveryOutcome } from '../delivery-outcome.js';
import { closedPort } from '../testing/http-sink.js';
import { type MotoServer, startMotoServer } from '#libs/testing';
import type { EventBridgeTargetConfig } from './eventbridge-target.js';
import { EventBridgeTargetClient } from './eventbridge-target.client.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const QUEUE = 'hookbridge-deliveries';
/** moto_server listens on 127.0.0.1, which the SSRF guard refuses unless allowed. */
const LOOPBACK = ['127.0.0.0/8', '::1/128'];

function assertFailure(outcome: DeliveryOutcome): asserts outcome is DeliveryFailure {
  assert.equal(outcome.ok, false, `expected a failure, got ${JSON.stringify(outcome)}`);
}

const envelope = (source: string) =>
  JSON.stringify({
    version: '0',
    id: 'evt-1',
    'detail-type': 'order.created',
    source,
    account: '111122223333',
    time: '2026-03-01T12:00:00Z',
    region: 'us-east-1',
    resources: ['urn:order:1'],
    detail: { orderId: 'o-1', total: 300.0 },
  }).replace('"total":300', '"total":300.0');

describe('EventBridgeTargetClient against moto_server', () => {
  let moto: MotoServer;
  let admin: EventBridgeClient;
  let client: EventBridgeTargetClient;
  let busArn: string;
  let queueUrl: string;
  const target = (overrides: Partial<EventBridgeTargetConfig> = {}): EventBridgeTargetConfig => ({
    eventBusArn: busArn,
    endpoint: moto.endpoint,
    credentials,
    ...overrides,
  });

  /** Long-polls the queue until a message arrives or the deadline passes. */
  async function receiveOne(deadlineMs = 10_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline) {
      const { Messages } = await moto.sqs<{ Messages?: { Body: string; ReceiptHandle: string }[] }>(
        'ReceiveMessage',
        {
          QueueUrl: queueUrl,
          WaitTimeSeconds: 1,
        },
      );
      const message = Messages?.[0];
      if (message) {
        await moto.sqs('DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle });
        return JSON.parse(message.Body) as Record<string, unknown>;
      }
    }
    throw new Error('no message arrived before the deadline');
  }

  before(async () => {
    moto = await startMotoServer();
    admin = new EventBridgeClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials,
      maxAttempts: 1,
    });
    ({ QueueUrl: queueUrl } = await moto.sqs<{ QueueUrl: string }>('CreateQueue', { QueueName: QUEUE }));
    const bus = await admin.send(new CreateEventBusCommand({ Name: 'customer-bus' }));
    busArn = bus.EventBusArn as string;
    await admin.send(
      new PutRuleCommand({
        Name: 'to-queue',
        EventBusName: 'customer-bus',
        EventPattern: JSON.stringify({ source: ['com.hookbridge.test', 'com.hookbridge.override'] }),
      }),
    );
    await admin.send(
      new PutTargetsCommand({
        Rule: 'to-queue',
        EventBusName: 'customer-bus',
        Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:123456789012:${QUEUE}` }],
      }),
    );
    client = new EventBridgeTargetClient({ timeoutMs: 5_000, allowedCidrs: LOOPBACK });
  });

  after(async () => {
    client?.close();
    admin?.destroy();
    await moto?.stop();
  });

  test('delivers the envelope through PutEvents; the bus routes it to SQS', async () => {
    const outcome = await client.deliver(target(), envelope('com.hookbridge.test'));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.equal(outcome.ok && outcome.statusCode, 200);
    const event = await receiveOne();
    assert.equal(event.source, 'com.hookbridge.test');
    assert.equal(event['detail-type'], 'order.created');
    assert.deepEqual(event.detail, { orderId: 'o-1', total: 300 });
    assert.deepEqual(event.resources, ['urn:order:1']);
    assert.equal(event.time, '2026-03-01T12:00:00Z');
  });

  test('sourceOverride replaces the envelope source (PutEvents refuses aws.partner/… sources)', async () => {
    const outcome = await client.deliver(
      target({ sourceOverride: 'com.hookbridge.override' }),
      envelope('aws.partner/example.com/123/orders'),
    );
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.equal((await receiveOne()).source, 'com.hookbridge.override');
  });

  test('a bus that does not exist is a non-retryable failure', async () => {
    const outcome = await client.deliver(
      target({ eventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/missing' }),
      envelope('com.hookbridge.test'),
    );
    assertFailure(outcome);
    assert.equal(outcome.errorCode, 'ResourceNotFoundException');
    assert.equal(outcome.retryable, false);
    assert.equal(outcome.statusCode, 400);
  });

  test('an unreachable endpoint is a retryable network failure', async () => {
    const port = await closedPort();
    const outcome = await client.deliver(target({ endpoint: `http://127.0.0.1:${port}` }), envelope('x'));
    assertFailure(outcome);
    assert.equal(outcome.retryable, true);
    assert.equal(outcome.errorCode, 'ECONNREFUSED');
  });

  test('a custom endpoint is refused when it names a private address, by name or literally', async () => {
    const guarded = new EventBridgeTargetClient({ timeoutMs: 5_000 });
    try {
      const port = new URL(moto.endpoint).port;
      // `localhost` resolves to loopback when the SDK connects: the guard vets that connection
      // itself, so a name that resolved elsewhere when first checked (DNS rebinding) cannot pass.
      for (const endpoint of [
        `http://localhost:${port}`,
        `http://127.0.0.1:${port}`,
        `http://[::ffff:127.0.0.1]:${port}`,
      ]) {
        const outcome = await guarded.deliver(target({ endpoint }), envelope('com.hookbridge.test'));
        assertFailure(outcome);
        assert.equal(outcome.errorCode, 'SSRF_BLOCKED', `${endpoint}: ${JSON.stringify(outcome)}`);
        assert.equal(outcome.retryable, false);
      }
    } finally {
      guarded.close();
    }
  });

  test('SDK clients are cached per region, endpoint and credentials', async () => {
    const fresh = new EventBridgeTargetClient({ allowedCidrs: LOOPBACK });
    try {
      await fresh.deliver(target(), envelope('com.other'));
      await fresh.deliver(target(), envelope('com.other'));
      assert.equal(fresh.sdkClientCount, 1);
      await fresh.deliver(
        target({ credentials: { accessKeyId: 'test', secretAccessKey: 'other' } }),
        envelope('com.other'),
      );
      assert.equal(fresh.sdkClientCount, 2);
    } finally {
      fresh.close();
    }
  });

  test('bad envelopes and bad targets are reported, not thrown', async () => {
    const badEvent = await client.deliver(target(), '{"source": "x"}');
    assertFailure(badEvent);
    assert.equal(badEvent.errorCode, 'INVALID_EVENT');
    const badTarget = await client.deliver(target({ eventBusArn: 'customer-bus' }), envelope('x'));
    assertFailure(badTarget);
    assert.equal(badTarget.errorCode, 'INVALID_TARGET');
    assert.equal(badTarget.retryable, false);
  });
});
