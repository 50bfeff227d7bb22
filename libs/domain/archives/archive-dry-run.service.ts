import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '#libs/db';
import type pg from 'pg';
import { invalid } from '../common/index.js';
import { envelopeMatcher } from '../events/envelope-matcher.js';
import { RETAINED_SQL } from './archive-pattern.js';
import { ArchivesService } from './archives.service.js';

export interface DryRunInput {
  eventPattern: string | Record<string, unknown>;
  /** Event-time window, inclusive start, exclusive end. */
  from: Date;
  to: Date;
  /** Stop after scanning this many events (default 10 000, at most 100 000). */
  maxScan?: number;
}

export interface DryRunResult {
  matched: number;
  scanned: number;
  /** True when `maxScan` stopped the scan before the end of the window. */
  truncated: boolean;
  /** The first matches (up to 10), as envelopes. */
  sample: unknown[];
}

const PAGE = 1_000;
const SAMPLE = 10;

/**
 * How many archived events a pattern would have matched in a window: a rule tried on the past
 * before it goes live. Reads the archive in event-time order with a keyset cursor, pages of 1 000.
 */
@Injectable()
export class ArchiveDryRunService {
  constructor(
    @Inject(PG_POOL) private readonly handle: { pool: pg.Pool },
    private readonly archives: ArchivesService,
  ) {}

  async dryRun(accountId: string, archiveName: string, input: DryRunInput): Promise<DryRunResult> {
    const archive = await this.archives.find(accountId, archiveName);
    if (!(input.from < input.to)) throw invalid('from must be before to.');
    const matches = envelopeMatcher(input.eventPattern);
    const maxScan = Math.min(input.maxScan ?? 10_000, 100_000);
    const result: DryRunResult = { matched: 0, scanned: 0, truncated: false, sample: [] };
    let cursor: { time: Date; id: string } | undefined;
    while (result.scanned < maxScan) {
      const limit = Math.min(PAGE, maxScan - result.scanned);
      const { rows } = await this.handle.pool.query<{
        event_id: string;
        event_time: Date;
        envelope: string | null;
      }>(
        `SELECT ae.event_id::text, ae.event_time, e.envelope
         FROM archive_events ae
         JOIN archives a ON a.id = ae.archive_id
         JOIN events e ON e.id = ae.event_id AND e.received_at = ae.event_received_at
         WHERE ae.archive_id = $1 AND ae.event_time >= $2 AND ae.event_time < $3 AND ${RETAINED_SQL}
           AND ($4::timestamptz IS NULL OR (ae.event_time, ae.event_id) > ($4, $5::uuid))
         ORDER BY ae.event_time, ae.event_id
         LIMIT $6`,
        [archive.id, input.from, input.to, cursor?.time ?? null, cursor?.id ?? null, limit],
      );
      for (const r of rows) {
        result.scanned++;
        if (r.envelope === null || !matches(r.envelope)) continue;
        result.matched++;
        if (result.sample.length < SAMPLE) result.sample.push(JSON.parse(r.envelope));
      }
      const last = rows.at(-1);
      if (!last || rows.length < limit) return result;
      cursor = { time: last.event_time, id: last.event_id };
    }
    result.truncated = true;
    return result;
  }
}
