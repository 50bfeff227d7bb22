import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '#libs/domain';
import { AwsError, toAwsError } from './aws-error.js';

/** A client error as Fastify raises it. */
const fastifyError = (statusCode: number, code: string, message: string) =>
  Object.assign(new Error(message), { statusCode, code });

describe('toAwsError', () => {
  test("Fastify's client errors keep their status: a body over the cap is 413", () => {
    const { error, unexpected } = toAwsError(
      fastifyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large'),
    );
    assert.equal(unexpected, false);
    assert.deepEqual(
      [error.status, error.body],
      [413, { __type: 'RequestEntityTooLargeException', message: 'Request body is too large' }],
    );
    const bad = toAwsError(fastifyError(400, 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', 'bad length')).error;
    assert.deepEqual([bad.status, bad.type], [400, 'ValidationException']);
  });

  test('AWS types answer 400 unless AWS uses another status', () => {
    assert.equal(new AwsError('SerializationException', 'x').status, 400);
    assert.equal(new AwsError('RequestEntityTooLargeException', 'x').status, 413);
    assert.equal(new AwsError('InternalException', 'x').status, 500);
  });

  test('domain errors keep their message; anything else is an InternalException with a generic one', () => {
    const domain = toAwsError(new DomainError('ResourceNotFoundException', 'Rule r does not exist.'));
    assert.deepEqual(
      [domain.error.type, domain.error.message, domain.unexpected],
      ['ResourceNotFoundException', 'Rule r does not exist.', false],
    );
    const other = toAwsError(new Error('connection reset'));
    assert.deepEqual(
      [other.error.status, other.error.type, other.unexpected],
      [500, 'InternalException', true],
    );
    assert.doesNotMatch(other.error.message, /connection reset/);
  });
});
