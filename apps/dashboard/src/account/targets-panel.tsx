import { useState } from 'react';
import { seg } from '../api/client';
import type { PutTargetsResult, Rule, Target, TargetView } from '../api/types';
import { useApi } from '../session/session-context';
import { useConfirm } from '../ui/confirm';
import { StateBadge } from '../ui/format';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';
import { TargetForm } from './target-form';
import { emptyTargetForm, formFromTarget } from './target-model';
import { storedSecretsOf } from './target-secrets';

const destination = (t: TargetView) =>
  t.type === 'api-destination'
    ? `API destination ${t.apiDestination?.name ?? ''} (${t.http?.method ?? 'POST'} ${t.http?.url ?? ''})`
    : t.type === 'http'
      ? `${t.http?.method ?? 'POST'} ${t.http?.url ?? ''}`
      : t.type === 'bus'
        ? `bus ${t.bus?.name}`
        : t.eventbridge?.eventBusArn;

/** A rule's targets (at most 5): list, add, edit (PUT …/targets) and remove. */
export function TargetsPanel({ bus, rule, event }: { bus: string; rule: Rule; event: string }) {
  const api = useApi();
  const base = `/v1/event-buses/${seg(bus)}/rules/${seg(rule.name)}/targets`;
  const targets = useLoad(() => api.getAll<TargetView>(base), [api, base]);
  const [dialog, confirm] = useConfirm();
  const [editing, setEditing] = useState<TargetView | 'new'>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();

  const save = async (t: Target) => {
    setSaving(true);
    setError(undefined);
    setStatus(undefined);
    try {
      const r = await api.put<PutTargetsResult>(base, { targets: [t] });
      if (r.failedEntryCount > 0)
        setError(
          new Error(
            r.failedEntries.map((f) => `${f.targetId}: ${f.errorCode}: ${f.errorMessage}`).join('; '),
          ),
        );
      else {
        setStatus(`Target ${t.id} saved.`);
        setEditing(undefined);
        targets.reload();
      }
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (t: TargetView) => {
    const ok = await confirm({
      title: `Remove target ${t.id}?`,
      body: <p>Events matched from now on are no longer sent to {destination(t)}.</p>,
      confirmLabel: 'Remove target',
      danger: true,
    });
    if (!ok) return;
    setError(undefined);
    try {
      await api.delete(`${base}?ids=${encodeURIComponent(t.id)}`);
      setStatus(`Target ${t.id} removed.`);
      targets.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="panel" aria-labelledby="targets-title">
      {dialog}
      <div className="screen-head">
        <h2 id="targets-title">Targets</h2>
        {!editing && (targets.data?.items.length ?? 0) < 5 && (
          <button type="button" onClick={() => setEditing('new')}>
            Add target
          </button>
        )}
      </div>
      <ErrorNote error={targets.error} title="Could not load the targets:" />
      {targets.loading && !targets.data && <Loading what="targets" />}
      {targets.data && (
        <Table
          caption={`Targets of ${rule.name}`}
          rows={targets.data.items}
          rowKey={(t) => t.id}
          empty="No targets: matched events are not sent anywhere yet."
          columns={[
            { label: 'Id', render: (t) => t.id },
            { label: 'Type', render: (t) => t.type },
            { label: 'Destination', render: (t) => <code className="name">{destination(t)}</code> },
            {
              label: 'State',
              render: (t) => (
                <>
                  <StateBadge state={t.state} />{' '}
                  {t.disabledReason && <span className="muted">{t.disabledReason}</span>}
                </>
              ),
            },
            {
              label: 'Actions',
              hiddenLabel: true,
              render: (t) => (
                <span className="actions">
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Edit target ${t.id}`}
                    onClick={() => setEditing(t)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Remove target ${t.id}`}
                    onClick={() => void remove(t)}
                  >
                    Remove
                  </button>
                </span>
              ),
            },
          ]}
        />
      )}
      <StatusMessage>{status}</StatusMessage>
      <ErrorNote error={error} />
      {editing && (
        <TargetForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? emptyTargetForm() : formFromTarget(editing)}
          editing={editing !== 'new'}
          stored={editing === 'new' ? undefined : storedSecretsOf(editing)}
          rule={rule}
          event={event}
          saving={saving}
          onSave={(t) => void save(t)}
          onCancel={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}
