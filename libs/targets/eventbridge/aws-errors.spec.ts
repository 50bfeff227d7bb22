import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyResultEntry, classifySdkError } from './aws-errors.js';

describe('classifyResultEntry (PutEventsResultEntry error codes)', () => {
  test('success entries are not failures', () => {
    assert.equal(classifyResultEntry({ EventId: 'e-1' }), undefined);
  });

  const table: [string, boolean][] = [
    ['ThrottlingException', true],
    ['InternalFailure', true],
    ['AccessDeniedException', false],
    ['InvalidAccountIdException', false],
    ['InvalidArgument', false],
    ['MalformedDetail', false],
    ['RedactionFailure', false],
    ['NotAuthorizedForSourceException', false],
    ['NotAuthorizedForDetailTypeException', false],
  ];
  for (const [code, retryable] of table) {
    test(`${code} → ${retryable ? 'retryable' : 'not retryable'}`, () => {
      assert.deepEqual(classifyResultEntry({ ErrorCode: code, ErrorMessage: 'm' }), {
        errorCode: code,
        errorMessage: 'm',
        retryable,
      });
    });
  }

  test('a missing entry is treated as an internal failure', () => {
    assert.equal(classifyResultEntry(undefined)?.retryable, true);
  });
});

describe('classifySdkError', () => {
  const serviceError = (name: string, status: number, fault = status >= 500 ? 'server' : 'client') =>
    Object.assign(new Error(`${name} happened`), {
      name,
      $metadata: { httpStatusCode: status },
      $fault: fault,
    });

  test('throttling and server faults are retryable; client errors are not', () => {
    assert.equal(classifySdkError(serviceError('ThrottlingException', 400)).retryable, true);
    assert.equal(classifySdkError(serviceError('InternalException', 500)).retryable, true);
    assert.equal(classifySdkError(serviceError('SomethingNew', 503)).retryable, true);
    assert.equal(classifySdkError(serviceError('AccessDeniedException', 400)).retryable, false);
    assert.equal(classifySdkError(serviceError('ResourceNotFoundException', 400)).retryable, false);
    assert.deepEqual(classifySdkError(serviceError('ValidationException', 400)), {
      errorCode: 'ValidationException',
      errorMessage: 'ValidationException happened',
      retryable: false,
      statusCode: 400,
    });
  });

  test('socket errors, aborts and credential problems', () => {
    assert.equal(
      classifySdkError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).errorCode,
      'ECONNREFUSED',
    );
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    assert.deepEqual(classifySdkError(abort), {
      errorCode: 'TIMEOUT',
      errorMessage: 'aborted',
      retryable: true,
    });
    const creds = Object.assign(new Error('Could not load credentials'), {
      name: 'CredentialsProviderError',
    });
    assert.equal(classifySdkError(creds).retryable, false);
  });
});
