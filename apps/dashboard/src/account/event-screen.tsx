import { seg } from '../api/client';
import type { EventTrace } from '../api/types';
import { Link } from '../router';
import { useApi } from '../session/session-context';
import { JsonBlock, StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';

/** Still moving: the event waits to be routed, or a delivery waits for its next attempt. */
const inFlight = (e: EventTrace) =>
  e.state === 'received' ||
  e.state === 'held' ||
  e.deliveries.some((d) => d.state === 'pending' || d.state === 'retrying');

/** One event: its envelope and its trace (deliveries → attempts), refreshed while still in flight. */
export function EventScreen({ id }: { id: string }) {
  const api = useApi();
  const trace = useLoad(() => api.get<EventTrace>(`/v1/events/${seg(id)}`), [api, id], {
    pollMs: 1_500,
    keepPolling: inFlight,
  });
  const e = trace.data;
  return (
    <Screen
      title="Event"
      actions={
        <button type="button" className="secondary" onClick={trace.reload}>
          Refresh
        </button>
      }
    >
      <p className="crumbs">
        <Link href="/events">Events</Link>
      </p>
      <ErrorNote error={trace.error} title="Could not load the event:" />
      {trace.loading && !e && <Loading what="the event" />}
      {e && (
        <>
          <dl className="facts">
            <dt>Id</dt>
            <dd>
              <code>{e.id}</code>
            </dd>
            <dt>State</dt>
            <dd>
              <StateBadge state={e.state} /> {inFlight(e) && <span className="muted">(updating)</span>}
            </dd>
            <dt>Source</dt>
            <dd>
              <code className="name">{e.source}</code>
            </dd>
            <dt>Received</dt>
            <dd>
              <Time iso={e.receivedAt} />
            </dd>
            <dt>Routed</dt>
            <dd>
              <Time iso={e.routedAt} />
            </dd>
          </dl>
          <section aria-labelledby="trace-title">
            <h2 id="trace-title">Deliveries</h2>
            {e.deliveries.length === 0 && (
              <p className="empty">
                {e.state === 'routed' ? 'No rule matched this event.' : 'Not routed yet.'}
              </p>
            )}
            {e.deliveries.map((d) => (
              <article key={d.id} className="delivery" aria-label={`Delivery to ${d.target}`}>
                <h3>
                  {d.rule} → {d.target} <StateBadge state={d.state} />
                </h3>
                <p className="muted">
                  Bus <code className="name">{d.bus}</code> · delivery <code>{d.id}</code>
                  {d.replayName && <> · replay {d.replayName}</>}
                </p>
                <Table
                  caption={`Attempts of delivery ${d.id}`}
                  rows={d.attempts}
                  rowKey={(a) => String(a.attempt)}
                  empty="No attempt yet."
                  columns={[
                    { label: 'Attempt', render: (a) => a.attempt },
                    { label: 'Started', render: (a) => <Time iso={a.startedAt} /> },
                    { label: 'Duration', render: (a) => `${a.durationMs} ms` },
                    { label: 'Outcome', render: (a) => <StateBadge state={a.outcome} /> },
                    { label: 'Status', render: (a) => a.statusCode ?? '—' },
                    {
                      label: 'Error',
                      render: (a) =>
                        a.errorCode || a.errorMessage ? (
                          <>
                            {a.errorCode && <code className="error-code">{a.errorCode}</code>}{' '}
                            {a.errorMessage}
                          </>
                        ) : (
                          '—'
                        ),
                    },
                  ]}
                />
              </article>
            ))}
          </section>
          <section aria-labelledby="envelope-title">
            <h2 id="envelope-title">Envelope</h2>
            {e.envelope === undefined ? (
              <p className="empty">Not normalized yet.</p>
            ) : (
              <JsonBlock value={e.envelope} label="Event envelope" />
            )}
          </section>
        </>
      )}
    </Screen>
  );
}
