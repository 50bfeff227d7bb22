import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { invalid } from '#libs/domain';

/**
 * Validates a request body (or query) against a zod schema; problems become one 400 naming each field.
 * The schema is public because the OpenAPI document (apps/gateway/src/docs) is built from it.
 */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const parsed = this.schema.safeParse(value ?? {});
    if (parsed.success) {
      const nul = findNul(parsed.data, 'body');
      if (nul) throw invalid(`${nul}: strings may not contain the NUL character (U+0000).`);
      return parsed.data;
    }
    const problems = parsed.error.issues.map(
      (i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`,
    );
    throw invalid(problems.join('; '));
  }
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
