import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DATABASE, type Database } from '#libs/db';

/** What admission needs to know about a target before the delivery is claimed. */
export interface TargetSettings {
  rateLimitPerSecond?: number;
  maxConcurrency?: number;
  timeoutMs?: number;
}

const TTL_MS = 10_000;

/** A target's admission settings, read from its stored config. */
export function settingsOf(config: Record<string, unknown> | undefined): TargetSettings {
  const c = config as
    { rateLimitPerSecond?: number; maxConcurrency?: number; http?: { timeoutMs?: number } } | undefined;
  return {
    rateLimitPerSecond: c?.rateLimitPerSecond,
    maxConcurrency: c?.maxConcurrency,
    timeoutMs: c?.http?.timeoutMs,
  };
}

/**
 * A target's admission settings, cached per process for 10 s: admission runs before the delivery
 * is claimed, so a delivery that has to wait costs no query at all. A change to a target's rate
 * limit or concurrency applies within those 10 s.
 */
@Injectable()
export class TargetSettingsCache {
  private readonly entries = new Map<string, { value: TargetSettings; expires: number }>();

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async get(targetPk: string): Promise<TargetSettings> {
    const hit = this.entries.get(targetPk);
    if (hit && hit.expires > Date.now()) return hit.value;
    const { rows } = await this.db.execute<{ config: Record<string, unknown> }>(
      sql`SELECT config FROM targets WHERE id = ${targetPk}`,
    );
    const value = settingsOf(rows[0]?.config);
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(targetPk, { value, expires: Date.now() + TTL_MS });
    return value;
  }
}
