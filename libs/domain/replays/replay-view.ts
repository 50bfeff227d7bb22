import type { replays } from '#libs/db';
import type { Arns } from '../common/index.js';

type ReplayRow = typeof replays.$inferSelect;

export interface ReplayView {
  name: string;
  description?: string;
  arn: string;
  state: string;
  stateReason?: string;
  archive: string;
  archiveArn: string;
  eventStartTime: string;
  eventEndTime: string;
  destination: { bus: string; filterRules?: string[]; rule?: string; target?: string };
  progress: { eventsTotal: number; eventsReplayed: number; deliveriesCreated: number; percent: number };
  /** The event time of the last replayed event (AWS's EventLastReplayedTime). */
  eventLastReplayedTime?: string;
  replayStartTime?: string;
  replayEndTime?: string;
  createdAt: string;
}

export function replayView(r: ReplayRow, arns: Arns): ReplayView {
  const single = r.targetId !== null && r.filterRules?.length === 1;
  const destination: ReplayView['destination'] = single
    ? { bus: r.destinationBus, rule: r.filterRules?.[0], target: r.targetId ?? undefined }
    : { bus: r.destinationBus, ...(r.filterRules ? { filterRules: r.filterRules } : {}) };
  const done = r.state === 'COMPLETED';
  return {
    name: r.name,
    ...(r.description !== null ? { description: r.description } : {}),
    arn: arns.replay(r.accountId, r.name),
    state: r.state,
    ...(r.stateReason ? { stateReason: r.stateReason } : {}),
    archive: r.archiveName,
    archiveArn: arns.archive(r.accountId, r.archiveName),
    eventStartTime: r.eventStartTime.toISOString(),
    eventEndTime: r.eventEndTime.toISOString(),
    destination,
    progress: {
      eventsTotal: r.eventsTotal,
      eventsReplayed: r.eventsReplayed,
      deliveriesCreated: r.deliveriesCreated,
      percent:
        done || r.eventsTotal === 0
          ? done
            ? 100
            : 0
          : Math.min(100, Math.floor((100 * r.eventsReplayed) / r.eventsTotal)),
    },
    ...(r.cursorTime ? { eventLastReplayedTime: r.cursorTime.toISOString() } : {}),
    ...(r.replayStartTime ? { replayStartTime: r.replayStartTime.toISOString() } : {}),
    ...(r.replayEndTime ? { replayEndTime: r.replayEndTime.toISOString() } : {}),
    createdAt: r.createdAt.toISOString(),
  };
}
