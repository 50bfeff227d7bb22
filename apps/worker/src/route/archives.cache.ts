import { Inject, Injectable, Logger } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import { archives, DATABASE, type Database } from '#libs/db';
import { archiveMatchPattern } from '#libs/domain';
import { compileRules, type RuleMatcher } from '#libs/event-pattern';
import { InvalidationService } from '#libs/queue';

/** The enabled archives of a bus compiled into one matcher whose "rule ids" are archive ids. */
export interface CompiledArchives {
  matcher: RuleMatcher;
  size: number;
}

const TTL_MS = 60_000;

/** Compiled archive patterns per bus; invalidated across processes when an archive changes. */
@Injectable()
export class ArchivesCache {
  private readonly logger = new Logger(ArchivesCache.name);
  private readonly entries = new Map<string, { value: Promise<CompiledArchives>; expires: number }>();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    invalidation: InvalidationService,
  ) {
    invalidation.on('archives', (key) => this.entries.delete(key));
  }

  get(accountId: string, busId: string): Promise<CompiledArchives> {
    const key = `${accountId}/${busId}`;
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = this.load(accountId, busId);
    this.entries.set(key, { value, expires: Date.now() + TTL_MS });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  private async load(accountId: string, busId: string): Promise<CompiledArchives> {
    const rows = await this.db
      .select({ id: archives.id, name: archives.name, eventPattern: archives.eventPattern })
      .from(archives)
      .where(
        and(eq(archives.accountId, accountId), eq(archives.busId, busId), eq(archives.state, 'ENABLED')),
      );
    const compiled = [];
    for (const r of rows) {
      try {
        compiled.push({ id: r.id, pattern: archiveMatchPattern(r.eventPattern) });
      } catch (err) {
        this.logger.error(`archive ${r.name} has an invalid pattern: ${(err as Error).message}`);
      }
    }
    return { matcher: compileRules(compiled), size: compiled.length };
  }
}
