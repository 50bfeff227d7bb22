import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { RedisClient } from '#libs/queue';
import { LeasedWindowLimiter } from './leased-window-limiter.js';

/**
 * Per-source and per-partner ingest limits, shared by every gateway replica through Redis, so one
 * source (or one partner's many sources) cannot take the capacity the others need. Points are leased
 * from Redis in blocks (see LeasedWindowLimiter), so the hot path rarely waits on Redis.
 */
@Injectable()
export class IngestRateLimits {
  private readonly perSource?: LeasedWindowLimiter;
  private readonly perPartner?: LeasedWindowLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig, client: RedisClient) {
    const limiter = (points: number, kind: string) =>
      new LeasedWindowLimiter(client.redis, client.key('ingest-limit', kind), points);
    if (config.ingestLimitPerSource > 0) this.perSource = limiter(config.ingestLimitPerSource, 'source');
    if (config.ingestLimitPerPartner > 0) this.perPartner = limiter(config.ingestLimitPerPartner, 'partner');
  }

  /** Undefined if the request may go on; otherwise the seconds after which to retry. */
  async check(sourceId: string, partner: string): Promise<number | undefined> {
    const [source, partnerWait] = await Promise.all([
      this.perSource?.consume(sourceId),
      this.perPartner?.consume(partner),
    ]);
    if (source === undefined && partnerWait === undefined) return undefined;
    const waitMs = Math.max(source ?? 0, partnerWait ?? 0);
    return Math.max(1, Math.ceil(waitMs / 1000));
  }
}
