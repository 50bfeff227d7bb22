import { z } from 'zod';
import type { PutEventsResult } from '#libs/domain';
import { compact } from '../operation.js';

/**
 * An entry of PutEvents / PutPartnerEvents. Only types are checked here: a missing Source,
 * DetailType or Detail, a malformed Detail or an oversized entry fails that entry alone (domain).
 */
export const putEntry = z.object({
  // SDKs send timestamps as epoch seconds; RFC 3339 text is accepted too.
  Time: z.union([z.number(), z.string()]).optional(),
  Source: z.string().optional(),
  Resources: z.array(z.string().max(2048)).optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
});

/** The domain's index-aligned results in AWS's shape. */
export function putEntriesResult(r: PutEventsResult): object {
  return {
    FailedEntryCount: r.failedEntryCount,
    Entries: r.entries.map((e) =>
      'eventId' in e
        ? { EventId: e.eventId }
        : compact({ ErrorCode: e.errorCode, ErrorMessage: e.errorMessage }),
    ),
  };
}
