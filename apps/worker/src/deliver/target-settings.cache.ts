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
  // The promise is cached, not just the value: when an entry expires under load, the deliveries
  // asking meanwhile share one query instead of each sending its own.
  private readonly entries = new Map<string, { value: Promise<TargetSettings>; expires: number }>();

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  get(targetPk: string): Promise<TargetSettings> {
    const hit = this.entries.get(targetPk);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = this.load(targetPk);
    if (this.entries.size > 10_000) this.entries.clear();
    const entry = { value, expires: Date.now() + TTL_MS };
    this.entries.set(targetPk, entry);
    // A failed read is not cached: the next caller tries again.
    value.catch(() => {
      if (this.entries.get(targetPk) === entry) this.entries.delete(targetPk);
    });
    return value;
  }

  private async load(targetPk: string): Promise<TargetSettings> {
    const { rows } = await this.db.execute<{ config: Record<string, unknown> }>(
      sql`SELECT config FROM targets WHERE id = ${targetPk}`,
    );
    return settingsOf(rows[0]?.config);
  }
}
