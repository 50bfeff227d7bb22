import { z } from 'zod';

const entry = z.object({
  source: z.string().min(1).max(256).optional(),
  detailType: z.string().min(1).optional(),
  detail: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  time: z.union([z.string(), z.number()]).optional(),
  resources: z.array(z.string().max(2048)).max(100).optional(),
});

/** PutEvents: 1–10 entries, as AWS. */
export const putEventsDto = z.object({
  entries: z
    .array(entry.extend({ eventBusName: z.string().min(1).max(1600).optional() }))
    .min(1)
    .max(10),
});
/** PutPartnerEvents: 1–20 entries, as AWS. */
export const putPartnerEventsDto = z.object({ entries: z.array(entry).min(1).max(20) });

export const testPatternDto = z.object({
  eventPattern: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  event: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
});
