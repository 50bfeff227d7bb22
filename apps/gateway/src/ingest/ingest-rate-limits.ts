import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { RedisClient } from '#libs/queue';

/**
 * Per-source and per-partner ingest limits, shared by every gateway replica through Redis, so one
 * source (or one partner's many sources) cannot take the capacity the others need. If Redis is
 * unavailable, an in-process limiter stands in rather than refusing or allowing everything.
 */
@Injectable()
export class IngestRateLimits {
  private readonly perSource?: RateLimiterRedis;
  private readonly perPartner?: RateLimiterRedis;

  constructor(@Inject(APP_CONFIG) config: AppConfig, client: RedisClient) {
    const limiter = (points: number, kind: string) =>
      new RateLimiterRedis({
        storeClient: client.redis,
        keyPrefix: client.key('ingest-limit', kind),
        points,
        duration: 1,
        insuranceLimiter: new RateLimiterMemory({ points, duration: 1 }),
      });
    if (config.ingestLimitPerSource > 0) this.perSource = limiter(config.ingestLimitPerSource, 'source');
    if (config.ingestLimitPerPartner > 0) this.perPartner = limiter(config.ingestLimitPerPartner, 'partner');
  }

  /** Undefined if the request may go on; otherwise the seconds after which to retry. */
  async check(sourceId: string, partner: string): Promise<number | undefined> {
    // Both counters in parallel: ingest is the hot path, so one Redis round trip of latency, not two.
    const results = await Promise.allSettled([
      this.perSource?.consume(sourceId),
      this.perPartner?.consume(partner),
    ]);
    let waitMs: number | undefined;
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      if (!(r.reason instanceof RateLimiterRes)) throw r.reason;
      waitMs = Math.max(waitMs ?? 0, r.reason.msBeforeNext);
    }
    return waitMs === undefined ? undefined : Math.max(1, Math.ceil(waitMs / 1000));
  }
}
