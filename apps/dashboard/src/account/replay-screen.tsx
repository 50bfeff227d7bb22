import { useState } from 'react';
import { seg } from '../api/client';
import type { Replay } from '../api/types';
import { Link } from '../router';
import { useApi } from '../session/session-context';
import { useConfirm } from '../ui/confirm';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Screen } from '../ui/screen';
import { useLoad } from '../ui/use-load';
import { ACTIVE_REPLAY, DestinationText, ReplayProgress } from './replays-screen';

/** One replay, polled every 1.5 s while it is STARTING, RUNNING or CANCELLING; Cancel with confirmation. */
export function ReplayScreen({ name }: { name: string }) {
  const api = useApi();
  const [dialog, confirm] = useConfirm();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  const replay = useLoad(() => api.get<Replay>(`/v1/replays/${seg(name)}`), [api, name], {
    pollMs: 1500,
    keepPolling: (r) => ACTIVE_REPLAY.has(r.state),
  });
  const r = replay.data;

  const cancel = async () => {
    const ok = await confirm({
      title: `Cancel replay ${name}?`,
      body: (
        <p>
          The replay stops before its next slice; events already replayed stay delivered. A cancelled replay
          cannot be resumed.
        </p>
      ),
      confirmLabel: 'Cancel replay',
      danger: true,
    });
    if (!ok) return;
    setError(undefined);
    try {
      await api.post(`/v1/replays/${seg(name)}/cancel`);
      setStatus(`Replay ${name} is being cancelled.`);
      replay.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Screen
      title={`Replay ${name}`}
      actions={
        r &&
        (r.state === 'STARTING' || r.state === 'RUNNING') && (
          <button type="button" className="danger" onClick={() => void cancel()}>
            Cancel replay
          </button>
        )
      }
    >
      {dialog}
      <p className="crumbs">
        <Link href="/replays">All replays</Link>
      </p>
      <ErrorNote error={replay.error} title="Could not load the replay:" />
      {replay.loading && !r && <Loading what="the replay" />}
      <StatusMessage>{status}</StatusMessage>
      <ErrorNote error={error} />
      {r && (
        <section className="panel" aria-labelledby="replay-progress">
          <h2 id="replay-progress">Progress</h2>
          <div className="replay-state" role="status" aria-live="polite">
            <StateBadge state={r.state} />{' '}
            {ACTIVE_REPLAY.has(r.state) ? (
              <span className="muted">Updating every few seconds…</span>
            ) : (
              <span>Finished.</span>
            )}
          </div>
          <ReplayProgress replay={r} />
          <dl className="facts">
            {r.description && (
              <>
                <dt>Description</dt>
                <dd>{r.description}</dd>
              </>
            )}
            {r.stateReason && (
              <>
                <dt>Reason</dt>
                <dd>{r.stateReason}</dd>
              </>
            )}
            <dt>Events replayed</dt>
            <dd>
              {r.progress.eventsReplayed} of {r.progress.eventsTotal}
            </dd>
            <dt>Deliveries created</dt>
            <dd>{r.progress.deliveriesCreated}</dd>
            <dt>Last event time replayed</dt>
            <dd>
              <Time iso={r.eventLastReplayedTime} />
            </dd>
            <dt>Archive</dt>
            <dd className="name">{r.archive}</dd>
            <dt>Window</dt>
            <dd>
              <Time iso={r.eventStartTime} /> – <Time iso={r.eventEndTime} />
            </dd>
            <dt>Destination</dt>
            <dd>
              <DestinationText d={r.destination} />
            </dd>
            <dt>Replay started</dt>
            <dd>
              <Time iso={r.replayStartTime} />
            </dd>
            <dt>Replay ended</dt>
            <dd>
              <Time iso={r.replayEndTime} />
            </dd>
            <dt>ARN</dt>
            <dd>
              <code>{r.arn}</code>
            </dd>
          </dl>
          {r.progress.deliveriesCreated > 0 && (
            <p className="hint">
              Replayed deliveries appear in each event’s trace, marked with the replay’s name.
            </p>
          )}
        </section>
      )}
    </Screen>
  );
}
