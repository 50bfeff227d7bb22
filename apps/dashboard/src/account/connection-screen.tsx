import { useState } from 'react';
import { seg } from '../api/client';
import type { ApiDestination, Connection, ConnectionHttpParameters } from '../api/connection-types';
import { Link, navigate } from '../router';
import { useApi } from '../session/session-context';
import { useConfirm } from '../ui/confirm';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Screen } from '../ui/screen';
import { useLoad } from '../ui/use-load';
import { ConnectionForm } from './connection-form';
import { AUTH_TYPE_LABELS } from './connection-model';

/** One connection: its details (never a secret value), edit, deauthorize and delete. */
export function ConnectionScreen({ name }: { name: string }) {
  const api = useApi();
  const [dialog, confirm] = useConfirm();
  const loaded = useLoad(() => api.get<Connection>(`/v1/connections/${seg(name)}`), [api, name]);
  const destinations = useLoad(
    () => api.getAll<ApiDestination>('/v1/api-destinations', { connection: name }),
    [api, name],
  );
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  const c = loaded.data;
  const used = destinations.data?.items ?? [];

  const act = async (what: 'deauthorize' | 'delete') => {
    const ok = await confirm(
      what === 'deauthorize'
        ? {
            title: `Deauthorize connection ${name}?`,
            body: (
              <p>
                Its credentials and secret parameters are removed, and the targets of its {used.length} API
                destination{used.length === 1 ? '' : 's'} are disabled: their events are kept as skipped
                deliveries. Saving the connection with its credentials authorizes it again.
              </p>
            ),
            confirmLabel: 'Deauthorize',
            danger: true,
          }
        : {
            title: `Delete connection ${name}?`,
            body: (
              <p>
                The targets of its {used.length} API destination{used.length === 1 ? '' : 's'} are disabled;
                the destinations stay and can be moved to another connection.
              </p>
            ),
            confirmLabel: 'Delete connection',
            danger: true,
          },
    );
    if (!ok) return;
    setError(undefined);
    try {
      if (what === 'delete') {
        await api.delete(`/v1/connections/${seg(name)}`);
        navigate('/connections');
        return;
      }
      await api.post(`/v1/connections/${seg(name)}/deauthorize`);
      setStatus(`Connection ${name} is deauthorized.`);
      setEditing(false);
      loaded.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Screen
      title={`Connection ${name}`}
      actions={
        c && (
          <div className="actions">
            {!editing && (
              <button type="button" className="secondary" onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
            {c.state === 'AUTHORIZED' && (
              <button type="button" className="danger" onClick={() => void act('deauthorize')}>
                Deauthorize
              </button>
            )}
            <button type="button" className="danger" onClick={() => void act('delete')}>
              Delete
            </button>
          </div>
        )
      }
    >
      {dialog}
      <p className="crumbs">
        <Link href="/connections">All connections</Link>
      </p>
      <ErrorNote error={loaded.error} title="Could not load the connection:" />
      {loaded.loading && !c && <Loading what="the connection" />}
      <StatusMessage>{status}</StatusMessage>
      <ErrorNote error={error} />
      {c && (
        <section className="panel" aria-labelledby="connection-details">
          <h2 id="connection-details">Details</h2>
          <dl className="facts">
            <dt>State</dt>
            <dd>
              <StateBadge state={c.state} />
              {c.state !== 'AUTHORIZED' && (
                <span className="muted"> Its credentials were removed; edit it to authorize it again.</span>
              )}
            </dd>
            <dt>Authorization</dt>
            <dd>{AUTH_TYPE_LABELS[c.authorizationType]}</dd>
            <Credentials c={c} />
            <dt>Description</dt>
            <dd>{c.description || <span className="muted">—</span>}</dd>
            <dt>ARN</dt>
            <dd>
              <code>{c.arn}</code>
            </dd>
            <dt>Created</dt>
            <dd>
              <Time iso={c.creationTime} />
            </dd>
            <dt>Last modified</dt>
            <dd>
              <Time iso={c.lastModifiedTime} />
            </dd>
            <dt>Last authorized</dt>
            <dd>
              <Time iso={c.lastAuthorizedTime} />
            </dd>
            <dt>Invocation parameters</dt>
            <dd>
              <Parameters p={c.authParameters.invocationHttpParameters} />
            </dd>
            <dt>API destinations</dt>
            <dd>
              {used.length === 0 ? (
                <span className="muted">None</span>
              ) : (
                used.map((d) => (
                  <span key={d.name} className="name">
                    {d.name}{' '}
                  </span>
                ))
              )}{' '}
              <Link href="/api-destinations">Manage API destinations</Link>
            </dd>
          </dl>
        </section>
      )}
      {c && editing && (
        <ConnectionForm
          key={c.lastModifiedTime}
          stored={c}
          onSaved={(saved) => {
            setStatus(`Connection ${saved.name} saved; it is ${saved.state}.`);
            setEditing(false);
            loaded.reload();
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </Screen>
  );
}

/** What the connection shows of its credentials: names and endpoints, never a secret value. */
function Credentials({ c }: { c: Connection }) {
  const a = c.authParameters;
  const hidden = <span className="muted">stored, never shown</span>;
  if (a.basic)
    return (
      <>
        <dt>Username</dt>
        <dd>{a.basic.username}</dd>
        <dt>Password</dt>
        <dd>{c.state === 'AUTHORIZED' ? hidden : <span className="muted">removed</span>}</dd>
      </>
    );
  if (a.apiKey)
    return (
      <>
        <dt>API key header</dt>
        <dd>
          <code>{a.apiKey.apiKeyName}</code>
        </dd>
        <dt>API key value</dt>
        <dd>{c.state === 'AUTHORIZED' ? hidden : <span className="muted">removed</span>}</dd>
      </>
    );
  return (
    <>
      <dt>Authorization endpoint</dt>
      <dd>
        <code>
          {a.oauth?.httpMethod ?? 'POST'} {a.oauth?.authorizationEndpoint}
        </code>
      </dd>
      <dt>Client id</dt>
      <dd>{a.oauth?.clientId}</dd>
      <dt>Client secret</dt>
      <dd>{c.state === 'AUTHORIZED' ? hidden : <span className="muted">removed</span>}</dd>
      <dt>Token request parameters</dt>
      <dd>
        <Parameters p={a.oauth?.httpParameters} />
      </dd>
    </>
  );
}

/** Parameters by place; a secret one is named as such, without its value. */
function Parameters({ p }: { p?: ConnectionHttpParameters }) {
  const rows = [
    ...(p?.headerParameters ?? []).map((x) => ({ ...x, place: 'header' })),
    ...(p?.queryStringParameters ?? []).map((x) => ({ ...x, place: 'query' })),
    ...(p?.bodyParameters ?? []).map((x) => ({ ...x, place: 'body' })),
  ];
  if (rows.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="parameter-list">
      {rows.map((x) => (
        <li key={`${x.place}:${x.key}`}>
          {x.place} <code>{x.key}</code>:{' '}
          {x.isValueSecret ? <span className="muted">secret (never shown)</span> : <code>{x.value}</code>}
        </li>
      ))}
    </ul>
  );
}
