import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../common/domain-error.js';
import { type ResolvedTargetArn, toTargetInput } from './target-definition.js';

const destination = (endpoint: string, extra: Partial<ResolvedTargetArn> = {}): ResolvedTargetArn =>
  ({
    kind: 'api-destination',
    destinationId: 'd1',
    endpoint,
    method: 'PUT',
    rateLimitPerSecond: 7,
    connection: {
      auth: { type: 'api-key', header: 'x-api-key', value: 'secret' },
      shown: { headers: { 'x-team': 'connection' }, query: { q: 'connection' }, body: {} },
      secret: { headers: {}, query: {}, body: {} },
    },
    ...extra,
  }) as ResolvedTargetArn;

describe('toTargetInput', () => {
  test('an API destination becomes an HTTP target: wildcards filled, connection parameters win', () => {
    const t = toTargetInput(
      {
        Id: 'hook',
        Arn: 'arn:…',
        InputPath: '$.detail',
        RetryPolicy: { MaximumRetryAttempts: 4 },
        DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:111122223333:dlq' },
        HttpParameters: {
          PathParameterValues: ['a b', 'x/y'],
          HeaderParameters: { 'x-team': 'target', 'x-only': 'target' },
          QueryStringParameters: { q: 'target', r: '1' },
        },
      },
      destination('https://example.com/*/items/*'),
    );
    assert.deepEqual(t, {
      id: 'hook',
      type: 'http',
      inputPath: '$.detail',
      retryPolicy: { maximumRetryAttempts: 4 },
      deadLetter: true,
      rateLimitPerSecond: 7,
      http: {
        url: 'https://example.com/a%20b/items/x%2Fy?q=connection&r=1',
        method: 'PUT',
        headers: { 'x-team': 'connection', 'x-only': 'target' },
        auth: { type: 'api-key', header: 'x-api-key', value: 'secret' },
      },
    });
  });

  test("a connection's secret parameters go to the target's sealed part and win over the target's own", () => {
    const t = toTargetInput(
      {
        Id: 'hook',
        Arn: 'arn:…',
        HttpParameters: {
          HeaderParameters: { 'X-Token': 'target' },
          QueryStringParameters: { sig: 't', r: '1' },
        },
      },
      destination('https://example.com/in', {
        connection: {
          auth: { type: 'basic', username: 'u', password: 'p' },
          shown: { headers: {}, query: {}, body: { team: 'ops' } },
          secret: { headers: { 'x-token': 'h' }, query: { sig: 'q' }, body: { pin: 'b' } },
        },
      }),
    );
    assert.deepEqual(t.http, {
      url: 'https://example.com/in?r=1',
      method: 'PUT',
      bodyParameters: { team: 'ops' },
      secretParameters: {
        headers: { 'x-token': 'h' },
        queryParameters: { sig: 'q' },
        bodyParameters: { pin: 'b' },
      },
      auth: { type: 'basic', username: 'u', password: 'p' },
    });
  });

  test('a wildcard count mismatch, a dynamic value or HttpParameters on a bus are ValidationExceptions', () => {
    const fails = (f: () => unknown, pattern: RegExp) =>
      assert.throws(
        f,
        (e) => e instanceof DomainError && e.code === 'ValidationException' && pattern.test(e.message),
      );
    fails(
      () => toTargetInput({ Id: 'a', Arn: 'x' }, destination('https://example.com/*')),
      /1 path wildcard/,
    );
    fails(
      () =>
        toTargetInput(
          { Id: 'a', Arn: 'x', HttpParameters: { HeaderParameters: { h: '$.detail.id' } } },
          destination('https://example.com/'),
        ),
      /Dynamic/,
    );
    fails(
      () => toTargetInput({ Id: 'a', Arn: 'x', HttpParameters: {} }, { kind: 'bus', name: 'b' }),
      /API destination targets only/,
    );
    fails(
      () => toTargetInput({ Id: 'a', Arn: 'x', Input: '{}', InputPath: '$' }, { kind: 'bus', name: 'b' }),
      /at most one/,
    );
  });

  test("buses: this gateway's become bus targets, others EventBridge targets", () => {
    assert.deepEqual(toTargetInput({ Id: 'b', Arn: 'x' }, { kind: 'bus', name: 'orders' }), {
      id: 'b',
      type: 'bus',
      bus: { name: 'orders' },
    });
    const arn = 'arn:aws:events:eu-west-1:111122223333:event-bus/x';
    assert.deepEqual(
      toTargetInput(
        { Id: 'e', Arn: arn, RoleArn: 'ignored' },
        { kind: 'eventbridge', eventBusArn: arn, region: 'eu-west-1' },
      ),
      { id: 'e', type: 'eventbridge', eventbridge: { eventBusArn: arn, region: 'eu-west-1' } },
    );
  });
});
