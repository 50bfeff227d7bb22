import { type FormEvent, useState } from 'react';
import { seg } from '../api/client';
import type { Archive, Bus, ReplayDestination, Rule, TargetView } from '../api/types';
import { navigate, path } from '../router';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { ErrorNote } from '../ui/notices';
import { useLoad } from '../ui/use-load';
import { isoOf, lastDay } from './time-window';

type Mode = 'all' | 'rules' | 'target';

/** The form that starts a replay: name, archive, time window and where the events go. */
export function StartReplay() {
  const api = useApi();
  const archives = useLoad(() => api.getAll<Archive>('/v1/archives'), [api]);
  const buses = useLoad(() => api.getAll<Bus>('/v1/event-buses'), [api]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
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
      destBus ? api.getAll<Rule>(`/v1/event-buses/${seg(destBus)}/rules`) : Promise.resolve({ items: [] }),
    [api, destBus],
  );
  const chosenRule = rule || rules.data?.items[0]?.name || '';
  const targets = useLoad(
    () =>
      destBus && chosenRule && mode === 'target'
        ? api.getAll<TargetView>(`/v1/event-buses/${seg(destBus)}/rules/${seg(chosenRule)}/targets`)
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
        ...(description.trim() ? { description: description.trim() } : {}),
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
        <Field label="Description" hint="Optional, up to 512 characters.">
          {(c) => (
            <input
              {...c}
              maxLength={512}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
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
