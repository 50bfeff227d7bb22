import { Inject, Injectable, Logger } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import { DATABASE, type Database, rules } from '#libs/db';
import { BusesRepository, RulesRepository, type TargetRow } from '#libs/domain';
import { compileRules, parsePattern, type RuleMatcher } from '#libs/event-pattern';
import { InvalidationService } from '#libs/queue';

/** A bus's enabled rules compiled into one matcher, with each rule's targets. */
export interface CompiledBus {
  busId: string;
  busName: string;
  state: 'ACTIVE' | 'DELETED';
  matcher: RuleMatcher;
  /** Whether any enabled rule has a target; until then a partner bus keeps its events held. */
  deliverable: boolean;
  rules: ReadonlyMap<string, { name: string; targets: readonly TargetRow[] }>;
}

// The invalidation topic keeps caches fresh; the TTL only bounds staleness after a missed message.
const TTL_MS = 60_000;

/** Compiled matchers per bus, cached per process and invalidated across processes on rule changes. */
@Injectable()
export class BusRulesCache {
  private readonly logger = new Logger(BusRulesCache.name);
  private readonly entries = new Map<string, { value: Promise<CompiledBus | undefined>; expires: number }>();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly buses: BusesRepository,
    private readonly rulesRepo: RulesRepository,
    invalidation: InvalidationService,
  ) {
    invalidation.on('bus-rules', (key) => this.entries.delete(key));
  }

  get(accountId: string, busName: string): Promise<CompiledBus | undefined> {
    const key = `${accountId}/${busName}`;
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = this.load(accountId, busName);
    this.entries.set(key, { value, expires: Date.now() + TTL_MS });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  private async load(accountId: string, busName: string): Promise<CompiledBus | undefined> {
    const bus = await this.buses.find(accountId, busName);
    if (!bus) return undefined;
    const enabled = await this.db
      .select()
      .from(rules)
      .where(and(eq(rules.accountId, accountId), eq(rules.busId, bus.id), eq(rules.state, 'ENABLED')));
    const targets = await this.rulesRepo.targetsOf(
      accountId,
      enabled.map((r) => r.id),
    );
    const compiled: Array<{ id: string; pattern: ReturnType<typeof parsePattern> }> = [];
    for (const r of enabled) {
      try {
        compiled.push({ id: r.id, pattern: parsePattern(r.eventPattern) });
      } catch (err) {
        // Patterns are validated on save; one that no longer parses must not stop the others.
        this.logger.error(`rule ${r.name} on ${busName} has an invalid pattern: ${(err as Error).message}`);
      }
    }
    return {
      busId: bus.id,
      busName: bus.name,
      state: bus.state,
      matcher: compileRules(compiled),
      deliverable: targets.length > 0,
      rules: new Map(
        enabled.map((r) => [r.id, { name: r.name, targets: targets.filter((t) => t.ruleId === r.id) }]),
      ),
    };
  }
}
