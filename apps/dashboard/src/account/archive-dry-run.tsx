import { type FormEvent, useState } from 'react';
import { isPatternError, seg } from '../api/client';
import type { Archive, DryRunResult } from '../api/types';
import { Link, path } from '../router';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { Time } from '../ui/format';
import { ErrorNote, StatusMessage } from '../ui/notices';
import { Table } from '../ui/table';
import { jsonProblem } from './sample-event';
import { isoOf, lastDay } from './time-window';

/** "What would this rule have caught": a pattern over an archive's window. */
export function DryRun(props: { archives: Archive[]; archive: string; setArchive: (name: string) => void }) {
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
