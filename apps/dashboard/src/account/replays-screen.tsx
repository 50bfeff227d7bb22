import { type FormEvent, useState } from 'react';
import { seg } from '../api/client';
import type { Archive, Bus, Page, Replay, ReplayDestination, Rule, TargetView } from '../api/types';
import { Link, navigate, path } from '../router';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';
import { isoOf, lastDay } from './time-window';

/** States in which a replay still moves (the screens poll while one is in them). */
export const ACTIVE_REPLAY = new Set(['STARTING', 'RUNNING', 'CANCELLING']);

/** A replay's progress: a labelled bar with the counts in text. */
export function ReplayProgress({ replay }: { replay: Replay }) {
  const p = replay.progress;
  return (
    <div className="progress-cell">
      <progress
        max={100}
        value={p.percent}
        aria-label={`Progress of replay ${replay.name}`}
        aria-valuetext={`${p.percent}%`}
      />
      <span>
        {p.eventsReplayed} / {p.eventsTotal} events ({p.percent}%)
      </span>
    </div>
  );
}

/** Replays: the list (refreshed while any is active) and the start form. */
export function ReplaysScreen() {
  const api = useApi();
  const replays = useLoad(() => api.get<{ items: Replay[] }>('/v1/replays'), [api], {
    pollMs: 2000,
    keepPolling: (d) => d.items.some((r) => ACTIVE_REPLAY.has(r.state)),
  });
  return (
    <Screen
      title="Replays"
      intro="A replay sends an archive’s events of a time window again, to a bus, some of its rules, or one target. Replayed events carry “replay-name”."
      actions={
        <Link className="button secondary" href="/archives">
          Archives
        </Link>
      }
    >
      <ErrorNote error={replays.error} title="Could not load the replays:" />
      {replays.loading && !replays.data && <Loading what="replays" />}
      {replays.data && (
        <Table
          caption="Replays"
          rows={[...replays.data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
          rowKey={(r) => r.name}
          empty="No replays yet. Start one below."
          columns={[
            {
              label: 'Name',
              render: (r) => (
                <Link href={path('replays', r.name)} className="name">
                  {r.name}
                </Link>
              ),
            },
            { label: 'State', render: (r) => <StateBadge state={r.state} /> },
            { label: 'Progress', render: (r) => <ReplayProgress replay={r} /> },
            { label: 'Archive', render: (r) => <span className="name">{r.archive}</span> },
            { label: 'Destination', render: (r) => <DestinationText d={r.destination} /> },
            { label: 'Started', render: (r) => <Time iso={r.replayStartTime ?? r.createdAt} /> },
          ]}
        />
      )}
      <StartReplay />
    </Screen>
  );
}

/** Where a replay goes, in words. */
export function DestinationText({ d }: { d: ReplayDestination }) {
  if (d.rule && d.target)
    return (
      <span className="name">
        {d.bus} / rule {d.rule} / target {d.target}
      </span>
    );
  if (d.filterRules?.length)
    return (
      <span className="name">
        {d.bus}, rules {d.filterRules.join(', ')}
      </span>
    );
  return <span className="name">{d.bus}, every rule</span>;
}

type Mode = 'all' | 'rules' | 'target';

function StartReplay() {
  const api = useApi();
  const archives = useLoad(() => api.get<{ items: Archive[] }>('/v1/archives'), [api]);
  const buses = useLoad(() => api.get<Page<Bus>>('/v1/event-buses'), [api]);
  const [name, setName] = useState('');
  const [archiveName, setArchiveName] = useState('');
  const [window, setWindow] = useState(lastDay);
  const [bus, setBus] = useState('');
  const [mode, setMode] = useState<Mode>('all');
  const [filterRules, setFilterRules] = useState<Set<string>>(new Set());
  const [rule, setRule] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<unknown>();
  const [starting, setStarting] = useState(false);

  const archive = archives.data?.items.find((a) => a.name === archiveName) ?? archives.data?.items[0];
  const destBus = bus || archive?.eventSourceBus || '';
  const rules = useLoad(
    () =>
      destBus ? api.get<Page<Rule>>(`/v1/event-buses/${seg(destBus)}/rules`) : Promise.resolve({ items: [] }),
    [api, destBus],
  );
  const chosenRule = rule || rules.data?.items[0]?.name || '';
  const targets = useLoad(
    () =>
      destBus && chosenRule && mode === 'target'
        ? api.get<Page<TargetView>>(`/v1/event-buses/${seg(destBus)}/rules/${seg(chosenRule)}/targets`)
        : Promise.resolve({ items: [] as TargetView[] }),
    [api, destBus, chosenRule, mode],
  );
  const chosenTarget = target || targets.data?.items[0]?.id || '';

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const from = isoOf(window.from);
    const to = isoOf(window.to);
    if (!archive || !from || !to) {
      setError(new Error('Choose an archive and both ends of the time window.'));
      return;
    }
    const destination: ReplayDestination = { bus: destBus };
    if (mode === 'rules') {
      if (filterRules.size === 0) {
        setError(new Error('Choose at least one rule, or replay to every rule of the bus.'));
        return;
      }
      destination.filterRules = [...filterRules];
    }
    if (mode === 'target') {
      destination.rule = chosenRule;
      destination.target = chosenTarget;
    }
    setStarting(true);
    try {
      const r = await api.post<{ name: string }>('/v1/replays', {
        name: name.trim(),
        archive: archive.name,
        eventStartTime: from,
        eventEndTime: to,
        destination,
      });
      navigate(path('replays', r.name));
    } catch (err) {
      setError(err);
      setStarting(false);
    }
  };

  const activeBuses = (buses.data?.items ?? []).filter((b) => b.state === 'ACTIVE');
  const ruleNames = (rules.data?.items ?? []).map((r) => r.name);
  return (
    <form className="panel" onSubmit={start} noValidate aria-labelledby="start-replay">
      <h2 id="start-replay">Start a replay</h2>
      <ErrorNote error={archives.error} title="Could not load the archives:" />
      <ErrorNote error={buses.error} title="Could not load the buses:" />
      <div className="grid grid-wide">
        <Field label="Replay name" hint="1–64 of letters, digits, . - _">
          {(c) => <input {...c} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Archive">
          {(c) => (
            <select
              {...c}
              value={archive?.name ?? ''}
              onChange={(e) => {
                setArchiveName(e.target.value);
                setBus('');
                setRule('');
                setTarget('');
                setFilterRules(new Set());
              }}
            >
              {!archive && <option value="">{archives.loading ? 'Loading…' : 'No archives'}</option>}
              {archives.data?.items.map((a) => (
                <option key={a.name} value={a.name}>
                  {a.name} ({a.eventSourceBus})
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
        <Field label="Events to" hint="The window is [from, to) on the event’s time.">
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
        <Field label="Destination bus">
          {(c) => (
            <select
              {...c}
              value={destBus}
              onChange={(e) => {
                setBus(e.target.value);
                setRule('');
                setTarget('');
                setFilterRules(new Set());
              }}
            >
              {!destBus && <option value="">—</option>}
              {activeBuses.map((b) => (
                <option key={b.name} value={b.name}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset>
        <legend>Send to</legend>
        <div className="choices">
          {(
            [
              ['all', 'Every rule of the bus'],
              ['rules', 'Only some rules'],
              ['target', 'One target'],
            ] as const
          ).map(([value, label]) => (
            <label key={value}>
              <input
                type="radio"
                name="replay-mode"
                value={value}
                checked={mode === value}
                onChange={() => setMode(value)}
              />
              {label}
            </label>
          ))}
        </div>
        <ErrorNote error={rules.error} title="Could not load the bus’s rules:" />
        {mode === 'rules' && (
          <div className="choices" role="group" aria-label="Rules to replay to">
            {ruleNames.length === 0 && <p className="empty">This bus has no rules.</p>}
            {ruleNames.map((r) => (
              <label key={r} className="check">
                <input
                  type="checkbox"
                  checked={filterRules.has(r)}
                  onChange={(e) =>
                    setFilterRules((s) => {
                      const next = new Set(s);
                      if (e.target.checked) next.add(r);
                      else next.delete(r);
                      return next;
                    })
                  }
                />
                {r}
              </label>
            ))}
          </div>
        )}
        {mode === 'target' && (
          <div className="row">
            <Field label="Rule">
              {(c) => (
                <select
                  {...c}
                  value={chosenRule}
                  onChange={(e) => {
                    setRule(e.target.value);
                    setTarget('');
                  }}
                >
                  {ruleNames.length === 0 && <option value="">No rules</option>}
                  {ruleNames.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Target">
              {(c) => (
                <select {...c} value={chosenTarget} onChange={(e) => setTarget(e.target.value)}>
                  {(targets.data?.items.length ?? 0) === 0 && <option value="">No targets</option>}
                  {targets.data?.items.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.id}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        )}
      </fieldset>
      <div className="actions">
        <button
          type="submit"
          disabled={starting || name.trim() === '' || !archive || (mode === 'target' && !chosenTarget)}
        >
          {starting ? 'Starting…' : 'Start replay'}
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
