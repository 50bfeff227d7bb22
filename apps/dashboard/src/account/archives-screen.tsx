import { type FormEvent, useState } from 'react';
import { isPatternError, seg } from '../api/client';
import type { Archive, Bus } from '../api/types';
import { Link, path } from '../router';
import { useApi } from '../session/session-context';
import { useConfirm } from '../ui/confirm';
import { Field } from '../ui/field';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';
import { jsonProblem } from './sample-event';
import { bytes } from './time-window';
import { DryRun } from './archive-dry-run';

/** Archives of a bus's events: list, create, delete, and a pattern's dry run over one. */
export function ArchivesScreen() {
  const api = useApi();
  const [dialog, confirm] = useConfirm();
  const archives = useLoad(() => api.getAll<Archive>('/v1/archives'), [api]);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  const [dryRunArchive, setDryRunArchive] = useState('');

  const remove = async (a: Archive) => {
    const ok = await confirm({
      title: `Delete archive ${a.name}?`,
      body: (
        <p>
          The archive stops collecting events from <strong>{a.eventSourceBus}</strong> and its {a.eventCount}{' '}
          event{a.eventCount === 1 ? '' : 's'} can no longer be replayed. An archive cannot be deleted while a
          replay of it runs.
        </p>
      ),
      confirmLabel: 'Delete archive',
      danger: true,
    });
    if (!ok) return;
    setError(undefined);
    try {
      await api.delete(`/v1/archives/${seg(a.name)}`);
      setStatus(`Deleted archive ${a.name}.`);
      archives.reload();
    } catch (err) {
      setError(err);
    }
  };

  const items = archives.data?.items ?? [];
  return (
    <Screen
      title="Archives"
      intro="An archive keeps a bus’s events (those matching its pattern) so they can be replayed or used to try a rule on the past."
      actions={
        <Link className="button secondary" href="/replays">
          Replays
        </Link>
      }
    >
      {dialog}
      <ErrorNote error={archives.error} title="Could not load the archives:" />
      {archives.loading && !archives.data && <Loading what="archives" />}
      {archives.data && (
        <Table
          caption="Archives"
          rows={items}
          rowKey={(a) => a.name}
          empty="No archives yet. Create one below to start keeping a bus’s events."
          columns={[
            { label: 'Name', render: (a) => <span className="name">{a.name}</span> },
            {
              label: 'Bus',
              render: (a) => (
                <Link href={path('buses', a.eventSourceBus)} className="name">
                  {a.eventSourceBus}
                </Link>
              ),
            },
            { label: 'State', render: (a) => <StateBadge state={a.state} /> },
            { label: 'Events', render: (a) => a.eventCount.toLocaleString() },
            { label: 'Size', render: (a) => bytes(a.sizeBytes) },
            {
              label: 'Retention',
              render: (a) => (a.retentionDays === 0 ? 'Forever' : `${a.retentionDays} days`),
            },
            {
              label: 'Pattern',
              render: (a) =>
                a.eventPattern ? (
                  <code className="pattern">{a.eventPattern}</code>
                ) : (
                  <span className="muted">All events</span>
                ),
            },
            { label: 'Created', render: (a) => <Time iso={a.createdAt} /> },
            {
              label: 'Actions',
              hiddenLabel: true,
              render: (a) => (
                <div className="actions">
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Dry run on ${a.name}`}
                    onClick={() => {
                      setDryRunArchive(a.name);
                      const heading = document.getElementById('dry-run');
                      heading?.scrollIntoView();
                      heading?.focus();
                    }}
                  >
                    Dry run
                  </button>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Delete archive ${a.name}`}
                    onClick={() => void remove(a)}
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
      <CreateArchive
        onCreated={(name) => {
          setStatus(`Created archive ${name}.`);
          archives.reload();
        }}
      />
      <DryRun archives={items} archive={dryRunArchive} setArchive={setDryRunArchive} />
    </Screen>
  );
}

function CreateArchive(props: { onCreated: (name: string) => void }) {
  const api = useApi();
  const buses = useLoad(() => api.getAll<Bus>('/v1/event-buses'), [api]);
  const [name, setName] = useState('');
  const [bus, setBus] = useState('');
  const [retention, setRetention] = useState('0');
  const [pattern, setPattern] = useState('');
  const [description, setDescription] = useState('');
  const [patternError, setPatternError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const active = (buses.data?.items ?? []).filter((b) => b.state === 'ACTIVE');
  const chosenBus = bus || active[0]?.name || '';

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const problem = pattern.trim() ? jsonProblem(pattern) : undefined;
    setPatternError(problem);
    if (problem) return;
    setSaving(true);
    try {
      await api.post('/v1/archives', {
        name: name.trim(),
        eventSourceBus: chosenBus,
        // As text: the server keeps the exact number text, as for rules.
        ...(pattern.trim() ? { eventPattern: pattern } : {}),
        retentionDays: Number(retention || '0'),
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      props.onCreated(name.trim());
      setName('');
      setPattern('');
      setDescription('');
    } catch (err) {
      if (isPatternError(err)) setPatternError((err as Error).message);
      else setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="panel" onSubmit={create} noValidate aria-labelledby="new-archive">
      <h2 id="new-archive">New archive</h2>
      <ErrorNote error={buses.error} title="Could not load the buses:" />
      <div className="row">
        <Field label="Archive name" hint="1–48 of letters, digits, . - _">
          {(c) => <input {...c} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Event bus">
          {(c) => (
            <select {...c} required value={chosenBus} onChange={(e) => setBus(e.target.value)}>
              {active.length === 0 && <option value="">{buses.loading ? 'Loading…' : 'No buses'}</option>}
              {active.map((b) => (
                <option key={b.name} value={b.name}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Retention (days)" hint="0 keeps events forever">
          {(c) => (
            <input
              {...c}
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              value={retention}
              onChange={(e) => setRetention(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label="Description">
        {(c) => <input {...c} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <Field
        label="Archive pattern (JSON, optional)"
        error={patternError}
        hint="Only events matching this pattern are archived; leave empty to archive every event of the bus."
      >
        {(c) => (
          <textarea
            {...c}
            className="code"
            rows={4}
            spellCheck={false}
            value={pattern}
            placeholder='{"detail-type": ["order.created"]}'
            onChange={(e) => {
              setPattern(e.target.value);
              setPatternError(undefined);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" disabled={saving || name.trim() === '' || !chosenBus}>
          {saving ? 'Creating…' : 'Create archive'}
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
