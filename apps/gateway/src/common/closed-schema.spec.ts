import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { DomainError } from '#libs/domain';
import { closed } from './closed-schema.js';
import { readOnly } from './read-only.js';
import { ZodPipe } from './zod-body.pipe.js';

/** The message of the 400 the pipe raises for `value`, or the value it passes on. */
function through(pipe: ZodPipe<z.ZodType>, value: unknown, type: 'body' | 'query' = 'body'): unknown {
  try {
    return pipe.transform(value, { type });
  } catch (err) {
    assert.ok(err instanceof DomainError);
    assert.equal(err.code, 'ValidationException');
    return err.message;
  }
}

describe('closed', () => {
  const target = z
    .object({
      id: z.string(),
      http: z.object({ url: z.string(), headers: z.record(z.string(), z.string()).optional() }).optional(),
      retry: z.object({ attempts: z.number() }).default({ attempts: 3 }),
    })
    .superRefine((t, ctx) => {
      if (t.id === 'bad') ctx.addIssue({ code: 'custom', path: ['id'], message: 'is bad' });
    });
  const body = z.object({
    pattern: z.union([z.string(), z.record(z.string(), z.unknown())]),
    targets: z.array(z.discriminatedUnion('kind', [target.safeExtend({ kind: z.literal('a') })])),
    options: z.object({ scheme: z.string() }).catchall(z.unknown()).optional(),
    when: z.string().transform((s) => s.length),
    note: z.string().optional().describe('A note.'),
  });
  const valid = { pattern: { any: { key: 1 } }, targets: [{ kind: 'a', id: 'x' }], when: 'ab' };

  test('refuses unknown members at every depth of a fixed shape, and nowhere else', () => {
    const strict = closed(body);
    const problems = (value: unknown) =>
      strict.safeParse(value).error?.issues.map((i) => [i.code, i.path.join('.')]);
    assert.deepEqual(problems({ ...valid, extra: 1 }), [['unrecognized_keys', '']]);
    assert.deepEqual(problems({ ...valid, targets: [{ kind: 'a', id: 'x', http: { url: 'u', urll: 1 } }] }), [
      ['unrecognized_keys', 'targets.0.http'],
    ]);
    assert.deepEqual(
      problems({ ...valid, targets: [{ kind: 'a', id: 'x', retry: { attempts: 1, x: 1 } }] }),
      [['unrecognized_keys', 'targets.0.retry']],
    );
    // Records and an object with a catchall keep any member; headers are a record.
    const free = {
      ...valid,
      pattern: { 'any-key': [{ prefix: 'x' }] },
      options: { scheme: 's', header: 'h' },
      targets: [{ kind: 'a', id: 'x', http: { url: 'u', headers: { 'X-Any': 'v' } } }],
    };
    assert.equal(problems(free), undefined);
  });

  test('keeps refinements, defaults, transforms and descriptions, and leaves the schema given alone', () => {
    const strict = closed(body);
    assert.deepEqual(strict.parse(valid), {
      ...valid,
      targets: [{ kind: 'a', id: 'x', retry: { attempts: 3 } }],
      when: 2,
    });
    assert.deepEqual(
      strict.safeParse({ ...valid, targets: [{ kind: 'a', id: 'bad' }] }).error?.issues.map((i) => i.message),
      ['is bad'],
    );
    const json = z.toJSONSchema(strict, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
    };
    assert.equal(json.properties.note?.description, 'A note.');
    assert.equal(body.safeParse({ ...valid, extra: 1 }).success, true);
  });
});

describe('ZodPipe', () => {
  test('names each unknown body field with its path, beside the other problems', () => {
    const pipe = new ZodPipe(
      z.object({ eventPattern: z.string(), nested: z.object({ a: z.number() }).optional() }),
    );
    assert.equal(
      through(pipe, { eventPattern: 1, evnetPattern: 'x', other: 2, nested: { a: 1, b: 2 } }),
      'eventPattern: Invalid input: expected string, received number; nested: unknown field "b"; ' +
        'body: unknown field "evnetPattern"; body: unknown field "other"',
    );
  });

  test('names an unknown query parameter as a parameter', () => {
    const pipe = new ZodPipe(z.object({ limit: z.coerce.number().optional() }));
    assert.equal(through(pipe, { limt: '5' }, 'query'), 'query: unknown parameter "limt"');
    assert.deepEqual(through(pipe, { limit: '5' }, 'query'), { limit: 5 });
  });

  test('takes read-only members back as a GET shows them and passes them on to no one', () => {
    const pipe = new ZodPipe(
      z.object({
        state: z.string().optional(),
        arn: readOnly(z.string(), 'its ARN'),
        http: z.object({ url: z.string(), signed: readOnly(z.boolean(), 'signed') }).optional(),
      }),
    );
    assert.deepEqual(through(pipe, { state: 'ON', arn: 'arn:x', http: { url: 'u', signed: true } }), {
      state: 'ON',
      http: { url: 'u' },
    });
    assert.equal(through(pipe, { arn: 5 }), 'arn: Invalid input: expected string, received number');
    assert.equal(through(pipe, { arm: 'arn:x' }), 'body: unknown field "arm"');
  });
});
