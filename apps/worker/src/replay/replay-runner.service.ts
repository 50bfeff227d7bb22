import { Inject, Injectable, Logger } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database, replays } from '#libs/db';
import { withReplayName } from '#libs/domain';
import { InvalidEventError } from '#libs/event-pattern';
import { QueueProducer } from '#libs/queue';
import { deliveryId } from '#libs/security';
import { BusRulesCache, type CompiledBus } from '../route/bus-rules.cache.js';
import { orderingKeyOf } from '../route/ordering-key.js';
import {
  type ArchivedEvent,
  type ReplayDeliveryRow,
  type ReplayRow,
  ReplaySliceStore,
} from './replay-slice.store.js';

export type SliceResult = 'sliced' | 'completed' | 'cancelled' | 'failed' | 'conflict' | 'inactive';

/**
 * Runs one slice of a replay: the next `replaySliceSize` archived events after the cursor, in
 * event-time order, matched against the destination bus's rules with `replay-name` in the envelope.
 * The slice's deliveries and the cursor advance commit together, so a process killed mid-slice
 * leaves either the whole slice or none of it, and the next run resumes right after the last one.
 */
@Injectable()
export class ReplayRunner {
  private readonly logger = new Logger(ReplayRunner.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: ReplaySliceStore,
    private readonly buses: BusRulesCache,
    private readonly producer: QueueProducer,
  ) {}

  async runSlice(replayId: string): Promise<SliceResult> {
    const [r] = await this.db.select().from(replays).where(eq(replays.id, replayId));
    if (!r) return 'inactive';
    if (r.state === 'CANCELLING') return (await this.store.finish(r, 'CANCELLED')) ? 'cancelled' : 'conflict';
    if (r.state !== 'STARTING' && r.state !== 'RUNNING') return 'inactive';

    const bus = await this.buses.get(r.accountId, r.destinationBus);
    if (!bus || bus.state !== 'ACTIVE') {
      await this.store.finish(r, 'FAILED', `The destination bus ${r.destinationBus} no longer exists.`);
      return 'failed';
    }
    const size = this.config.replaySliceSize;
    const batch = await this.store.nextEvents(r, size);
    const last = batch.at(-1);
    if (!last) return (await this.store.finish(r, 'COMPLETED')) ? 'completed' : 'conflict';

    const rows = batch.flatMap((e) => this.deliveriesOf(r, bus, e));
    const finished = batch.length < size;
    const inserted = await this.store.commitSlice(r, { last, count: batch.length, finished }, rows);
    if (inserted === undefined) return 'conflict';
    await this.producer.deliverMany(
      inserted
        .filter((d) => d.state === 'pending')
        .map((d) => ({ deliveryId: d.id, targetPk: d.target_pk, attempt: 1 })),
    );
    if (finished) return 'completed';
    await this.producer.replaySlice(r.id, r.slicesDone + 1, this.config.replaySliceDelayMs);
    return 'sliced';
  }

  /** The deliveries one replayed event makes: matched rules ∩ filterRules, × targets (or the one target). */
  private deliveriesOf(r: ReplayRow, bus: CompiledBus, e: ArchivedEvent): ReplayDeliveryRow[] {
    if (e.envelope === null) return [];
    const envelope = withReplayName(e.envelope, r.name);
    let matched: string[];
    try {
      matched = bus.matcher.match(envelope);
    } catch (err) {
      if (!(err instanceof InvalidEventError)) throw err;
      this.logger.warn(`replay ${r.name}: event ${e.eventId} cannot be matched: ${err.message}`);
      return [];
    }
    let parsed: unknown;
    const keyOf = (path: string | undefined): string | null => {
      if (!path) return null;
      parsed ??= JSON.parse(envelope);
      return orderingKeyOf(parsed, path);
    };
    return matched.flatMap((ruleId) => {
      const rule = bus.rules.get(ruleId);
      if (!rule || (r.filterRules && !r.filterRules.includes(rule.name))) return [];
      return rule.targets
        .filter((t) => r.targetId === null || t.targetId === r.targetId)
        .map((t) => ({
          id: deliveryId(e.eventId, t.id, r.name),
          eventId: e.eventId,
          eventReceivedAt: e.receivedAt,
          busId: bus.busId,
          ruleId,
          targetPk: t.id,
          orderingKey: keyOf((t.config as { orderingKey?: string }).orderingKey),
          state: t.state === 'ENABLED' ? ('pending' as const) : ('skipped' as const),
          lastError:
            t.state === 'ENABLED'
              ? null
              : JSON.stringify({
                  code: 'TargetDisabled',
                  message: t.disabledReason ?? 'The target is disabled.',
                }),
        }));
    });
  }
}
