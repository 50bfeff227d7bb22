import { type FormEvent, useState } from 'react';
import { ApiError, seg } from '../api/client';
import type { Archive, Bus, DryRunResult, Page } from '../api/types';
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
import { bytes, isoOf, lastDay } from './time-window';

const isPatternError = (err: unknown) =>
  err instanceof ApiError && err.code === 'InvalidEventPatternException';

/** Archives of a bus's events: list, create, delete, and a pattern's dry run over one. */
export function ArchivesScreen() {
  const api = useApi();
  const [dialog, confirm] = useConfirm();
  const archives = useLoad(() => api.get<{ items: Archive[] }>('/v1/archives'), [api]);
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
  const buses = useLoad(() => api.get<Page<Bus>>('/v1/event-buses'), [api]);
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

/** "What would this rule have caught": a pattern over an archive's window. */
function DryRun(props: { archives: Archive[]; archive: string; setArchive: (name: string) => void }) {
  const api = useApi();
  const [window, setWindow] = useState(lastDay);
  const [pattern, setPattern] = useState('{\n  "detail-type": [{ "prefix": "" }]\n}');
  const [patternError, setPatternError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<DryRunResult>();
  const [running, setRunning] = useState(false);
  const archive = props.archive || props.archives[0]?.name || '';

  const run = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setResult(undefined);
    const problem = jsonProblem(pattern);
    setPatternError(problem);
    if (problem) return;
    const from = isoOf(window.from);
    const to = isoOf(window.to);
    if (!from || !to) {
      setError(new Error('Give both ends of the time range.'));
      return;
    }
    setRunning(true);
    try {
      setResult(
        await api.post<DryRunResult>(`/v1/archives/${seg(archive)}/dry-run`, {
          eventPattern: pattern,
          from,
          to,
        }),
      );
    } catch (err) {
      if (isPatternError(err)) setPatternError((err as Error).message);
      else setError(err);
    } finally {
      setRunning(false);
    }
  };

  const sample = (result?.sample ?? []) as Array<Record<string, unknown>>;
  return (
    <form className="panel" onSubmit={run} noValidate aria-labelledby="dry-run">
      <h2 id="dry-run" tabIndex={-1}>
        Dry run: what would this rule have caught?
      </h2>
      <p className="hint">Runs a pattern over an archive’s events in a time range; nothing is delivered.</p>
      <div className="grid grid-wide">
        <Field label="Archive to scan">
          {(c) => (
            <select {...c} value={archive} onChange={(e) => props.setArchive(e.target.value)}>
              {props.archives.length === 0 && <option value="">No archives</option>}
              {props.archives.map((a) => (
                <option key={a.name} value={a.name}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Events from">
          {(c) => (
            <input
              {...c}
              type="datetime-local"
              step={1}
              value={window.from}
              onChange={(e) => setWindow((w) => ({ ...w, from: e.target.value }))}
            />
          )}
        </Field>
        <Field label="Events to">
          {(c) => (
            <input
              {...c}
              type="datetime-local"
              step={1}
              value={window.to}
              onChange={(e) => setWindow((w) => ({ ...w, to: e.target.value }))}
            />
          )}
        </Field>
      </div>
      <Field label="Rule pattern to try (JSON)" error={patternError}>
        {(c) => (
          <textarea
            {...c}
            className="code"
            rows={5}
            spellCheck={false}
            value={pattern}
            onChange={(e) => {
              setPattern(e.target.value);
              setPatternError(undefined);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" disabled={running || !archive}>
          {running ? 'Running…' : 'Run dry run'}
        </button>
      </div>
      <ErrorNote error={error} />
      <StatusMessage>
        {result &&
          `Matched ${result.matched} of ${result.scanned} archived event${result.scanned === 1 ? '' : 's'} scanned${
            result.truncated ? ' (the scan stopped early: narrow the time range for an exact count)' : ''
          }.`}
      </StatusMessage>
      {result && result.matched > 0 && (
        <>
          <h3>
            Sample of matches ({sample.length} of {result.matched})
          </h3>
          <Table
            caption="Sample of matching events"
            rows={sample}
            rowKey={(ev) => String(ev.id)}
            empty="No sample."
            columns={[
              {
                label: 'Event',
                render: (ev) => (
                  <Link href={path('events', String(ev.id))} className="name">
                    {String(ev.id)}
                  </Link>
                ),
              },
              { label: 'Time', render: (ev) => <Time iso={String(ev.time)} /> },
              { label: 'Source', render: (ev) => String(ev.source) },
              { label: 'Detail type', render: (ev) => String(ev['detail-type']) },
              {
                label: 'Detail',
                render: (ev) => <code className="pattern">{JSON.stringify(ev.detail)}</code>,
              },
            ]}
          />
        </>
      )}
    </form>
  );
}
