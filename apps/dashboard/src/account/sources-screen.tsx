import { useState } from 'react';
import { seg } from '../api/client';
import type { AccountSource, Bus } from '../api/types';
import { useApi } from '../session/session-context';
import { useConfirm } from '../ui/confirm';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';

type Action = 'associate' | 'activate' | 'deactivate';

const LABEL: Record<Action, string> = {
  associate: 'Associate',
  activate: 'Activate',
  deactivate: 'Deactivate',
};

/** Every partner event source offered to the account, with its state and what can be done next. */
export function SourcesScreen() {
  const api = useApi();
  const [dialog, confirm] = useConfirm();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  const data = useLoad(async () => {
    const [sources, buses] = await Promise.all([
      api.getAll<AccountSource>('/v1/event-sources'),
      api.getAll<Bus>('/v1/event-buses', { namePrefix: 'aws.partner/' }),
    ]);
    return { sources: sources.items, buses: new Set(buses.items.map((b) => b.name)) };
  }, [api]);

  /** A PENDING source without a bus is associated; with its bus kept (deactivated), it is activated. */
  const actionFor = (s: AccountSource): Action | undefined => {
    if (s.state === 'ACTIVE') return 'deactivate';
    if (s.state === 'PENDING') return data.data?.buses.has(s.name) ? 'activate' : 'associate';
    return undefined;
  };

  const run = async (s: AccountSource, action: Action) => {
    const ok = await confirm({
      title: `${LABEL[action]} ${s.name}?`,
      confirmLabel: LABEL[action],
      danger: action === 'deactivate',
      body:
        action === 'associate' ? (
          <p>
            This creates the partner event bus <code>{s.name}</code> and makes the source ACTIVE: its events
            (and any held ones) start flowing to the bus’s rules.
          </p>
        ) : action === 'activate' ? (
          <p>The source becomes ACTIVE again and its held events are released to the bus.</p>
        ) : (
          <p>
            The source goes back to PENDING: new events are held (not delivered) until you activate it again.
          </p>
        ),
    });
    if (!ok) return;
    setBusy(s.name);
    setError(undefined);
    setStatus(undefined);
    try {
      if (action === 'associate')
        await api.post('/v1/event-buses', { name: s.name, eventSourceName: s.name });
      else await api.post(`/v1/event-sources/${seg(s.name)}/${action}`);
      const now = await api.get<AccountSource>(`/v1/event-sources/${seg(s.name)}`);
      setStatus(`${s.name} is now ${now.state}.`);
      data.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Screen
      title="Partner event sources"
      intro="Sources that partners created for this account. Associate one to receive its events on a bus of the same name."
      actions={
        <button type="button" className="secondary" onClick={data.reload}>
          Refresh
        </button>
      }
    >
      {dialog}
      <StatusMessage>{status}</StatusMessage>
      <ErrorNote error={error} />
      <ErrorNote error={data.error} title="Could not load the sources:" />
      {data.loading && !data.data && <Loading what="sources" />}
      {data.data && (
        <Table
          caption="Partner event sources"
          rows={data.data.sources}
          rowKey={(s) => s.name}
          empty="No partner has offered an event source to this account yet."
          columns={[
            { label: 'Name', render: (s) => <code className="name">{s.name}</code> },
            { label: 'Partner', render: (s) => s.createdBy },
            { label: 'State', render: (s) => <StateBadge state={s.state} /> },
            { label: 'Created', render: (s) => <Time iso={s.creationTime} /> },
            { label: 'Expires', render: (s) => <Time iso={s.expirationTime} /> },
            {
              label: 'Actions',
              hiddenLabel: true,
              render: (s) => {
                const action = actionFor(s);
                if (!action) return <span className="muted">Deleted by the partner</span>;
                return (
                  <button
                    type="button"
                    className={action === 'deactivate' ? 'secondary' : undefined}
                    disabled={busy !== undefined}
                    aria-label={`${LABEL[action]} ${s.name}`}
                    onClick={() => void run(s, action)}
                  >
                    {busy === s.name ? 'Working…' : LABEL[action]}
                  </button>
                );
              },
            },
          ]}
        />
      )}
    </Screen>
  );
}
