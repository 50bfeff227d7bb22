import type { Replay, ReplayDestination } from '../api/types';
import { Link, path } from '../router';
import { useApi } from '../session/session-context';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';
import { StartReplay } from './start-replay-form';

/** States in which a replay still moves (the screens poll while one is in them). */
export const ACTIVE_REPLAY = new Set(['STARTING', 'RUNNING', 'CANCELLING']);

/** A replay's progress: a labelled bar with the counts in text. */
export function ReplayProgress({ replay }: { replay: Replay }) {
  const p = replay.progress;
  return (
    <div className="progress-cell">
      <progress
        max={100}
        value={p.percent}
        aria-label={`Progress of replay ${replay.name}`}
        aria-valuetext={`${p.percent}%`}
      />
      <span>
        {p.eventsReplayed} / {p.eventsTotal} events ({p.percent}%)
      </span>
    </div>
  );
}

/** Replays: the list (refreshed while any is active) and the start form. */
export function ReplaysScreen() {
  const api = useApi();
  const replays = useLoad(() => api.getAll<Replay>('/v1/replays'), [api], {
    pollMs: 2000,
    keepPolling: (d) => d.items.some((r) => ACTIVE_REPLAY.has(r.state)),
  });
  return (
    <Screen
      title="Replays"
      intro="A replay sends an archive’s events of a time window again, to a bus, some of its rules, or one target. Replayed events carry “replay-name”."
      actions={
        <Link className="button secondary" href="/archives">
          Archives
        </Link>
      }
    >
      <ErrorNote error={replays.error} title="Could not load the replays:" />
      {replays.loading && !replays.data && <Loading what="replays" />}
      {replays.data && (
        <Table
          caption="Replays"
          rows={[...replays.data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
          rowKey={(r) => r.name}
          empty="No replays yet. Start one below."
          columns={[
            {
              label: 'Name',
              render: (r) => (
                <Link href={path('replays', r.name)} className="name">
                  {r.name}
                </Link>
              ),
            },
            { label: 'State', render: (r) => <StateBadge state={r.state} /> },
            { label: 'Progress', render: (r) => <ReplayProgress replay={r} /> },
            { label: 'Archive', render: (r) => <span className="name">{r.archive}</span> },
            { label: 'Destination', render: (r) => <DestinationText d={r.destination} /> },
            { label: 'Started', render: (r) => <Time iso={r.replayStartTime ?? r.createdAt} /> },
          ]}
        />
      )}
      <StartReplay />
    </Screen>
  );
}

/** Where a replay goes, in words. */
export function DestinationText({ d }: { d: ReplayDestination }) {
  if (d.rule && d.target)
    return (
      <span className="name">
        {d.bus} / rule {d.rule} / target {d.target}
      </span>
    );
  if (d.filterRules?.length)
    return (
      <span className="name">
        {d.bus}, rules {d.filterRules.join(', ')}
      </span>
    );
  return <span className="name">{d.bus}, every rule</span>;
}
