import { type FormEvent, useState } from 'react';
import { ApiError, seg } from '../api/client';
import type { Delivery, Page, RedriveFilter } from '../api/types';
import { Link, path } from '../router';
import { useApi } from '../session/session-context';
import { useConfirm } from '../ui/confirm';
import { Field } from '../ui/field';
import { Time } from '../ui/format';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';

const EMPTY = { bus: '', rule: '', target: '', errorCode: '', from: '', to: '' };
type Filter = typeof EMPTY;

const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** The filter as the redrive API takes it (empty fields left out). */
function redriveFilter(f: Filter): RedriveFilter {
  const out: RedriveFilter = {};
  if (f.bus.trim()) out.bus = f.bus.trim();
  if (f.rule.trim()) out.rule = f.rule.trim();
  if (f.target.trim()) out.target = f.target.trim();
  if (f.errorCode.trim()) out.errorCode = f.errorCode.trim();
  if (f.from) out.from = isoOf(f.from);
  if (f.to) out.to = isoOf(f.to);
  return out;
}

/** Dead letters per page of the list; "Load more" fetches the next. */
const PAGE_SIZE = 100;

const missing = (err: unknown) =>
  err instanceof ApiError && err.isMissingRoute
    ? new Error('Redrive is not available on this gateway yet (POST /v1/deliveries/redrive).')
    : err;

/** Dead letters: filter, select, and redrive (the bulk redrive counts with a dry run first). */
export function DeadLettersScreen() {
  const api = useApi();
  const [dialog, confirm] = useConfirm();
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [applied, setApplied] = useState<RedriveFilter>({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  // The list endpoint applies the whole filter, so every page holds only matching dead letters.
  const fetchPage = (nextToken?: string) =>
    api.get<Page<Delivery>>('/v1/deliveries', {
      state: 'dead_letter',
      bus: applied.bus,
      rule: applied.rule,
      target: applied.target,
      errorCode: applied.errorCode,
      from: applied.from,
      to: applied.to,
      limit: PAGE_SIZE,
      nextToken,
    });
  // Pages after the first, loaded with "Load more"; a new filter or a reload starts over.
  const [more, setMore] = useState<Page<Delivery>>();
  const list = useLoad(() => {
    setMore(undefined);
    return fetchPage();
  }, [api, applied]);
  const rows = [...(list.data?.items ?? []), ...(more?.items ?? [])];
  const nextToken = more ? more.nextToken : list.data?.nextToken;
  const loadMore = async (token: string) => {
    setError(undefined);
    setBusy(true);
    try {
      const page = await fetchPage(token);
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], nextToken: page.nextToken }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  /** Dry run (count), confirm with that count, then redrive. */
  const redriveMany = async (filter: RedriveFilter, what: string) => {
    setError(undefined);
    setStatus(undefined);
    setBusy(true);
    try {
      const dry = await api.post<{ matched: number }>('/v1/deliveries/redrive', { filter, dryRun: true });
      const ok =
        dry.matched > 0 &&
        (await confirm({
          title: `Redrive ${dry.matched} dead letter${dry.matched === 1 ? '' : 's'}?`,
          body: (
            <p>
              The dry run found <strong>{dry.matched}</strong> dead letter{dry.matched === 1 ? '' : 's'} for{' '}
              {what}. Each goes back to pending with a fresh retry budget and is delivered again.
            </p>
          ),
          confirmLabel: `Redrive ${dry.matched}`,
        }));
      if (dry.matched === 0) setStatus(`The dry run found no dead letters for ${what}.`);
      if (!ok) return;
      const r = await api.post<{ matched: number; redriven: number }>('/v1/deliveries/redrive', { filter });
      setStatus(`Redriven ${r.redriven} of ${r.matched} dead letter${r.matched === 1 ? '' : 's'}.`);
      setSelected(new Set());
      list.reload();
    } catch (err) {
      setError(missing(err));
    } finally {
      setBusy(false);
    }
  };

  const redriveOne = async (d: Delivery) => {
    const ok = await confirm({
      title: 'Redrive this dead letter?',
      body: (
        <p>
          Delivery <code>{d.id}</code> to target {d.target} goes back to pending and is delivered again.
        </p>
      ),
      confirmLabel: 'Redrive',
    });
    if (!ok) return;
    setError(undefined);
    setBusy(true);
    try {
      const r = await api.post<{ redriven: number }>(`/v1/deliveries/${seg(d.id)}/redrive`);
      setStatus(`Redriven ${r.redriven} dead letter.`);
      list.reload();
    } catch (err) {
      setError(missing(err));
    } finally {
      setBusy(false);
    }
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setSelected(new Set());
    setApplied(redriveFilter(draft));
  };
  const bind = (key: keyof Filter) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft((f) => ({ ...f, [key]: e.target.value })),
  });
  const allSelected = rows.length > 0 && rows.every((d) => selected.has(d.id));

  return (
    <Screen
      title="Dead letters"
      intro="Deliveries whose retries ran out or that failed for good, with AWS’s dead-letter attributes."
    >
      {dialog}
      <form className="panel" onSubmit={apply}>
        <h2>Filter</h2>
        <div className="grid">
          <Field label="Bus">{(c) => <input {...c} {...bind('bus')} />}</Field>
          <Field label="Rule">{(c) => <input {...c} {...bind('rule')} />}</Field>
          <Field label="Target">{(c) => <input {...c} {...bind('target')} />}</Field>
          <Field label="Error code">
            {(c) => <input {...c} placeholder="HTTP_400" {...bind('errorCode')} />}
          </Field>
          <Field label="From">
            {(c) => <input {...c} type="datetime-local" step={1} {...bind('from')} />}
          </Field>
          <Field label="To">{(c) => <input {...c} type="datetime-local" step={1} {...bind('to')} />}</Field>
        </div>
        <div className="actions">
          <button type="submit">Apply filter</button>
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void redriveMany(applied, 'this filter')}
          >
            Redrive all matching
          </button>
        </div>
      </form>
      <div className="actions toolbar">
        <label className="check">
          <input
            type="checkbox"
            checked={allSelected}
            disabled={rows.length === 0}
            onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((d) => d.id)) : new Set())}
          />{' '}
          Select all shown
        </label>
        <button
          type="button"
          disabled={busy || selected.size === 0}
          onClick={() => void redriveMany({ ids: [...selected] }, `the ${selected.size} selected`)}
        >
          Redrive selected ({selected.size})
        </button>
        <button type="button" className="secondary" onClick={list.reload}>
          Refresh
        </button>
      </div>
      <StatusMessage>{status}</StatusMessage>
      <ErrorNote error={error} />
      <ErrorNote error={list.error} title="Could not load the dead letters:" />
      {list.loading && !list.data && <Loading what="dead letters" />}
      {list.data && (
        <Table
          caption="Dead letters"
          rows={rows}
          rowKey={(d) => d.id}
          empty="No dead letters match."
          columns={[
            {
              label: 'Select',
              hiddenLabel: true,
              render: (d) => (
                <input
                  type="checkbox"
                  aria-label={`Select dead letter ${d.id}`}
                  checked={selected.has(d.id)}
                  onChange={(e) => toggle(d.id, e.target.checked)}
                />
              ),
            },
            { label: 'Failed', render: (d) => <Time iso={d.createdAt} /> },
            {
              label: 'Event',
              render: (d) => (
                <Link href={path('events', d.eventId)} aria-label={`Event ${d.eventId}`} title={d.eventId}>
                  {d.eventId.slice(0, 8)}…
                </Link>
              ),
            },
            {
              label: 'Bus / rule / target',
              render: (d) => <code className="name">{`${d.bus} / ${d.rule} / ${d.target}`}</code>,
            },
            {
              label: 'Error',
              render: (d) => (
                <>
                  <code className="error-code">{d.deadLetterAttributes?.ERROR_CODE ?? '?'}</code>{' '}
                  {d.deadLetterAttributes?.ERROR_MESSAGE}
                </>
              ),
            },
            { label: 'Attempts', render: (d) => d.attempts },
            {
              label: 'Actions',
              hiddenLabel: true,
              render: (d) => (
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  aria-label={`Redrive dead letter ${d.id}`}
                  onClick={() => void redriveOne(d)}
                >
                  Redrive
                </button>
              ),
            },
          ]}
        />
      )}
      {list.data && nextToken && (
        <button type="button" className="secondary" disabled={busy} onClick={() => void loadMore(nextToken)}>
          Load more
        </button>
      )}
    </Screen>
  );
}
