import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { invalid } from '#libs/domain';
import { closed } from './closed-schema.js';

/**
 * Validates a request body (or query) against a zod schema; problems become one 400 naming each field.
 * Every object of fixed shape in the schema is closed (see {@link closed}): a member it does not
 * declare is refused by name (`body: unknown field "evnetPattern"`, `targets.0.http: unknown field
 * "urll"`, `query: unknown parameter "limt"`) rather than dropped. A member declared with
 * {@link readOnly} is accepted and left out of the value the handler gets.
 *
 * The schema is public because the OpenAPI document (apps/gateway/src/docs) is built from it: it is
 * the closed copy, so the document shows `additionalProperties: false` where a request is refused.
 */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  readonly schema: T;

  constructor(schema: T) {
    this.schema = closed(schema);
  }

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<T> {
    const root = metadata?.type === 'query' ? 'query' : 'body';
    const parsed = this.schema.safeParse(value ?? {});
    if (parsed.success) {
      const data = withoutUndefined(parsed.data) as z.infer<T>;
      const nul = findNul(data, root);
      if (nul) throw invalid(`${nul}: strings may not contain the NUL character (U+0000).`);
      return data;
    }
    const unknown = root === 'query' ? 'unknown parameter' : 'unknown field';
    const problems = parsed.error.issues.flatMap((i) => {
      const path = i.path.length ? i.path.join('.') : root;
      if (i.code === 'unrecognized_keys') return i.keys.map((key) => `${path}: ${unknown} "${key}"`);
      return [`${path}: ${i.message}`];
    });
    throw invalid(problems.join('; '));
  }
}

/**
 * The parsed value without the members whose value is `undefined` (JSON has none, so they are what
 * {@link readOnly} members became), in plain objects and arrays at every depth.
 */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (!value || typeof value !== 'object' || !isPlain(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  );
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The path of the first string containing U+0000, which PostgreSQL text cannot store. */
function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findNul(v, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return `${path}.${k}`;
      const found = findNul(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}
