import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiDestinationNameOf,
  apiDestinationTargetSchema,
  toTargetDefinition,
} from './api-destination-target.schema.js';

const ARN =
  'arn:aws:events:us-east-1:111122223333:api-destination/orders/0b9c6e1e-3c52-4a39-9d43-2b1c8d0f3e11';

describe('REST targets that name an API destination', () => {
  test('become the EventBridge definition of a target with the destination ARN', () => {
    const entry = apiDestinationTargetSchema.parse({
      id: 'hook',
      type: 'api-destination',
      apiDestination: { name: 'orders', pathParameterValues: ['a'], headerParameters: { 'x-team': 't' } },
      inputTransformer: { inputPathsMap: { id: '$.id' }, inputTemplate: '{"id": <id>}' },
      retryPolicy: { maximumRetryAttempts: 3 },
      deadLetter: true,
    });
    assert.deepEqual(toTargetDefinition(entry, ARN), {
      Id: 'hook',
      Arn: ARN,
      InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '{"id": <id>}' },
      RetryPolicy: { MaximumRetryAttempts: 3 },
      HttpParameters: { PathParameterValues: ['a'], HeaderParameters: { 'x-team': 't' } },
    });
    const bare = apiDestinationTargetSchema.parse({
      id: 'b',
      type: 'api-destination',
      apiDestination: { name: 'orders' },
      input: '{}',
    });
    assert.deepEqual(toTargetDefinition(bare, ARN), { Id: 'b', Arn: ARN, Input: '{}' });
  });

  test('take at most one way of shaping the input', () => {
    const parsed = apiDestinationTargetSchema.safeParse({
      id: 'b',
      type: 'api-destination',
      apiDestination: { name: 'orders' },
      input: '{}',
      inputPath: '$.detail',
    });
    assert.equal(parsed.success, false);
    assert.match(parsed.error?.issues[0]?.message ?? '', /at most one of input, inputPath/);
  });

  test('the destination name is read from its ARN', () => {
    assert.equal(apiDestinationNameOf(ARN), 'orders');
    assert.equal(apiDestinationNameOf('arn:aws:events:us-east-1:111122223333:event-bus/orders'), undefined);
    assert.equal(apiDestinationNameOf(undefined), undefined);
  });
});
