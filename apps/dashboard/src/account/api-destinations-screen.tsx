import { useState } from 'react';
import { seg } from '../api/client';
import type { ApiDestination, Connection } from '../api/connection-types';
import { Link, path } from '../router';
import { useApi } from '../session/session-context';
import { useConfirm } from '../ui/confirm';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';
import { ApiDestinationForm } from './api-destination-form';

/** The account's API destinations, each with its connection and that connection's state. */
export function ApiDestinationsScreen() {
  const api = useApi();
  const [dialog, confirm] = useConfirm();
  const destinations = useLoad(() => api.getAll<ApiDestination>('/v1/api-destinations'), [api]);
  const connections = useLoad(() => api.getAll<Connection>('/v1/connections'), [api]);
  const [editing, setEditing] = useState<ApiDestination>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  const byName = new Map((connections.data?.items ?? []).map((c) => [c.name, c]));

  const remove = async (d: ApiDestination) => {
    const ok = await confirm({
      title: `Delete API destination ${d.name}?`,
      body: <p>The rule targets that name it are disabled; their events are kept as skipped deliveries.</p>,
      confirmLabel: 'Delete API destination',
      danger: true,
    });
    if (!ok) return;
    setError(undefined);
    try {
      await api.delete(`/v1/api-destinations/${seg(d.name)}`);
      setStatus(`Deleted API destination ${d.name}.`);
      if (editing?.name === d.name) setEditing(undefined);
      destinations.reload();
    } catch (err) {
      setError(err);
    }
  };

  const saved = (d: ApiDestination, verb: string) => {
    setStatus(`${verb} API destination ${d.name}.`);
    setEditing(undefined);
    destinations.reload();
  };

  return (
    <Screen
      title="API destinations"
      intro="An API destination is an HTTP endpoint called under a connection. Rule targets of type “API destination” name one; changing it changes them at once."
      actions={
        <Link className="button secondary" href="/connections">
          Connections
        </Link>
      }
    >
      {dialog}
      <ErrorNote
        error={destinations.error ?? connections.error}
        title="Could not load the API destinations:"
      />
      {destinations.loading && !destinations.data && <Loading what="API destinations" />}
      {destinations.data && (
        <Table
          caption="API destinations"
          rows={destinations.data.items}
          rowKey={(d) => d.name}
          empty="No API destinations yet. Create one below, under a connection."
          columns={[
            { label: 'Name', render: (d) => <span className="name">{d.name}</span> },
            {
              label: 'Endpoint',
              render: (d) => (
                <code className="name">
                  {d.httpMethod} {d.invocationEndpoint}
                </code>
              ),
            },
            {
              label: 'Connection',
              render: (d) => {
                const c = byName.get(d.connection);
                return (
                  <>
                    <Link href={path('connections', d.connection)} className="name">
                      {d.connection}
                    </Link>{' '}
                    <StateBadge state={c?.state ?? 'DELETED'} />
                  </>
                );
              },
            },
            {
              label: 'Rate limit',
              render: (d) =>
                d.invocationRateLimitPerSecond ? (
                  `${d.invocationRateLimitPerSecond}/s`
                ) : (
                  <span className="muted">—</span>
                ),
            },
            { label: 'State', render: (d) => <StateBadge state={d.state} /> },
            { label: 'Last modified', render: (d) => <Time iso={d.lastModifiedTime} /> },
            {
              label: 'Actions',
              hiddenLabel: true,
              render: (d) => (
                <div className="actions">
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Edit API destination ${d.name}`}
                    onClick={() => setEditing(d)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Delete API destination ${d.name}`}
                    onClick={() => void remove(d)}
                  >
                    Delete
                  </button>
                </div>
              ),
            },
          ]}
        />
      )}
      <StatusMessage>{status}</StatusMessage>
      <ErrorNote error={error} />
      {editing ? (
        <ApiDestinationForm
          key={editing.name}
          connections={connections.data?.items ?? []}
          stored={editing}
          onSaved={(d) => saved(d, 'Saved')}
          onCancel={() => setEditing(undefined)}
        />
      ) : (
        <ApiDestinationForm
          connections={connections.data?.items ?? []}
          onSaved={(d) => saved(d, 'Created')}
        />
      )}
    </Screen>
  );
}
