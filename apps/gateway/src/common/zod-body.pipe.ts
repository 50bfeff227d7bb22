import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { invalid } from '#libs/domain';

/** Validates a request body (or query) against a zod schema; problems become one 400 naming each field. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    const parsed = this.schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map(
      (i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`,
    );
    throw invalid(problems.join('; '));
  }
}
