import { useState } from 'react';
import type { Connection } from '../api/connection-types';
import { Link, path } from '../router';
import { useApi } from '../session/session-context';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';
import { ConnectionForm } from './connection-form';
import { AUTH_TYPE_LABELS } from './connection-model';

/** The account's connections (how API destinations authorize): list and create. */
export function ConnectionsScreen() {
  const api = useApi();
  const connections = useLoad(() => api.getAll<Connection>('/v1/connections'), [api]);
  const [status, setStatus] = useState<string>();
  return (
    <Screen
      title="Connections"
      intro="A connection holds the credentials (basic, API key or OAuth client credentials) and the parameters that its API destinations send with every call. Secret values are stored encrypted and never shown."
      actions={
        <Link className="button secondary" href="/api-destinations">
          API destinations
        </Link>
      }
    >
      <ErrorNote error={connections.error} title="Could not load the connections:" />
      {connections.loading && !connections.data && <Loading what="connections" />}
      {connections.data && (
        <Table
          caption="Connections"
          rows={connections.data.items}
          rowKey={(c) => c.name}
          empty="No connections yet. Create one below, then an API destination that calls through it."
          columns={[
            {
              label: 'Name',
              render: (c) => (
                <Link href={path('connections', c.name)} className="name">
                  {c.name}
                </Link>
              ),
            },
            { label: 'Authorization', render: (c) => AUTH_TYPE_LABELS[c.authorizationType] },
            { label: 'State', render: (c) => <StateBadge state={c.state} /> },
            { label: 'Last modified', render: (c) => <Time iso={c.lastModifiedTime} /> },
          ]}
        />
      )}
      <StatusMessage>{status}</StatusMessage>
      <ConnectionForm
        onSaved={(c) => {
          setStatus(`Created connection ${c.name}.`);
          connections.reload();
        }}
      />
    </Screen>
  );
}
