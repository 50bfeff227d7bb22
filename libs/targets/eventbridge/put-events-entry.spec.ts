import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidEnvelopeError, putEventsEntryFromEnvelope } from './put-events-entry.js';
import {
  EventBridgeTargetConfigError,
  regionOfBusArn,
  validateEventBridgeTarget,
} from './eventbridge-target.js';

const ARN = 'arn:aws:events:eu-west-1:123456789012:event-bus/orders';

describe('putEventsEntryFromEnvelope', () => {
  test('maps the envelope fields and keeps the detail text exactly', () => {
    const envelope =
      '{"version":"0","id":"e","detail-type":"order.created","source":"com.shop","account":"1","time":"2026-03-01T12:00:00Z",' +
      '"region":"eu-west-1","resources":["urn:a", 5],"detail":{ "total": 300.0, "big": 12345678901234567890 }}';
    assert.deepEqual(putEventsEntryFromEnvelope(envelope, ARN), {
      Source: 'com.shop',
      DetailType: 'order.created',
      Detail: '{"total":300.0,"big":12345678901234567890}',
      Resources: ['urn:a'],
      Time: new Date('2026-03-01T12:00:00Z'),
      EventBusName: ARN,
    });
  });

  test('no detail becomes {}; an unparseable time is left for AWS to stamp', () => {
    const entry = putEventsEntryFromEnvelope('{"source":"s","detail-type":"t","time":"yesterday"}', ARN);
    assert.equal(entry.Detail, '{}');
    assert.equal('Time' in entry, false);
  });

  test('an envelope without source or detail-type is refused', () => {
    assert.throws(() => putEventsEntryFromEnvelope('{"source":"s"}', ARN), InvalidEnvelopeError);
    assert.throws(() => putEventsEntryFromEnvelope('not json', ARN), InvalidEnvelopeError);
  });
});

describe('EventBridge target configuration', () => {
  test('the region comes from the bus ARN', () => {
    assert.equal(regionOfBusArn(ARN), 'eu-west-1');
    assert.equal(regionOfBusArn('arn:aws-cn:events:cn-north-1:123456789012:event-bus/b'), 'cn-north-1');
    assert.throws(() => regionOfBusArn('orders'), EventBridgeTargetConfigError);
  });

  test('validation', () => {
    validateEventBridgeTarget({
      eventBusArn: ARN,
      endpoint: 'http://127.0.0.1:4566',
      sourceOverride: 'com.x',
    });
    assert.throws(() => validateEventBridgeTarget({ eventBusArn: ARN, endpoint: 'nope' }), /endpoint/);
    assert.throws(
      () => validateEventBridgeTarget({ eventBusArn: ARN, sourceOverride: 'aws.partner/x' }),
      /aws\./,
    );
    assert.throws(
      () =>
        validateEventBridgeTarget({
          eventBusArn: ARN,
          credentials: { accessKeyId: 'a', secretAccessKey: '' },
        }),
      /credentials/,
    );
  });
});
