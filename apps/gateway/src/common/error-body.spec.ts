import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { DomainError } from '#libs/domain';
import { isDataException, isUnavailable, toErrorResponse } from './error-body.js';
import { ZodPipe } from './zod-body.pipe.js';

describe('toErrorResponse', () => {
  test('domain errors keep their code and status', () => {
    const r = toErrorResponse(new DomainError('InvalidStateException', 'nope'));
    assert.deepEqual(r, {
      status: 409,
      body: { error: { code: 'InvalidStateException', message: 'nope' } },
      unexpected: false,
    });
  });

  test('PostgreSQL data exceptions are the caller’s 400, also when wrapped', () => {
    const pgError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    });
    assert.equal(isDataException(pgError), true);
    assert.equal(isDataException({ cause: pgError }), true);
    assert.equal(isDataException(Object.assign(new Error('deadlock'), { code: '40P01' })), false);
    const r = toErrorResponse({ cause: pgError });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'ValidationException');
    assert.match(r.body.error.message, /NUL character/);
  });

  test('a number or time PostgreSQL cannot hold is named as out of range, not as a NUL', () => {
    for (const code of ['22003', '22008']) {
      const r = toErrorResponse({ cause: Object.assign(new Error('out of range'), { code }) });
      assert.deepEqual(
        [r.status, r.body.error.code, r.body.error.message],
        [400, 'ValidationException', 'A number or time in the request is out of range.'],
      );
    }
  });

  test('PostgreSQL or Redis unreachable is a 503 (the request may be retried), also when wrapped', () => {
    const down = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection is closed.'),
      Object.assign(new Error('Reached the max retries per request limit (which is 2).'), {
        name: 'MaxRetriesPerRequestError',
      }),
      { message: 'Failed query: insert …', cause: new Error('Connection terminated unexpectedly') },
    ];
    for (const err of down) {
      assert.equal(isUnavailable(err), true, String((err as Error).message));
      const r = toErrorResponse(err);
      assert.deepEqual([r.status, r.body.error.code, r.unexpected], [503, 'ServiceUnavailable', false]);
    }
    assert.equal(isUnavailable(Object.assign(new Error('deadlock detected'), { code: '40P01' })), false);
    assert.equal(isUnavailable(new Error('boom')), false);
  });

  test('anything else unexpected is a generic 500 that leaks no detail', () => {
    const r = toErrorResponse(new Error('connection string postgres://secret@db'));
    assert.equal(r.status, 500);
    assert.equal(r.unexpected, true);
    assert.ok(!r.body.error.message.includes('secret'));
  });
});

test('ZodPipe refuses NUL characters anywhere in a body, naming the field', () => {
  const pipe = new ZodPipe(z.object({ a: z.array(z.object({ b: z.string() })) }));
  assert.deepEqual(pipe.transform({ a: [{ b: 'ok' }] }), { a: [{ b: 'ok' }] });
  assert.throws(
    () => pipe.transform({ a: [{ b: 'x\u0000' }] }),
    (e: unknown) => e instanceof DomainError && /body\.a\[0\]\.b/.test(e.message),
  );
});
