import { z } from 'zod';
import { pageQuery } from '../../common/pagination.js';

const pattern = z.union([z.string().min(1), z.record(z.string(), z.unknown())]);
/** RFC 3339 text or epoch seconds (AWS's two forms). */
export const timeValue = z
  .union([z.string().min(1), z.number()])
  .transform((v) => (typeof v === 'number' ? new Date(v * 1000) : new Date(v)))
  .refine((d) => !Number.isNaN(d.getTime()), 'must be an RFC 3339 time or epoch seconds');

export const createArchiveDto = z.object({
  name: z.string().min(1),
  eventSourceBus: z.string().min(1),
  eventPattern: pattern.optional(),
  retentionDays: z.number().int().min(0).optional(),
  description: z.string().max(512).optional(),
});

export const listArchivesQuery = z.object(pageQuery);

export const dryRunDto = z.object({
  eventPattern: pattern,
  from: timeValue,
  to: timeValue,
  maxScan: z.number().int().min(1).max(100_000).optional(),
});
