import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import type { EventSummary, Page } from '../api/types';
import { Link, navigate, path } from '../router';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';

/** `datetime-local` text (the reader's local time) as ISO 8601, or undefined when empty. */
const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** A page of search results; with a pattern, how many events were looked at for it too. */
type Found = Page<EventSummary> & { scanned?: number };

/**
 * Event search by time range, source, detail-type and an optional event pattern (matched against
 * each stored envelope, as rules match), and opening an event by id.
 */
export function EventsScreen() {
  const api = useApi();
  const [filter, setFilter] = useState({ from: '', to: '', source: '', detailType: '', pattern: '' });
  const [results, setResults] = useState<Found & { scannedInAll?: number }>();
  const [error, setError] = useState<unknown>();
  const [searched, setSearched] = useState<Record<string, string | number | undefined>>();
  const [searching, setSearching] = useState(false);
  const [id, setId] = useState('');

  const search = async (nextToken?: string) => {
    setSearching(true);
    setError(undefined);
    try {
      // More of a search goes on with the filter it started with, whatever was typed since.
      const query =
        nextToken && searched
          ? searched
          : {
              from: isoOf(filter.from),
              to: isoOf(filter.to),
              source: filter.source.trim(),
              detailType: filter.detailType.trim(),
              pattern: filter.pattern.trim(),
              limit: 50,
            };
      setSearched(query);
      const page = await api.get<Found>('/v1/events', { ...query, nextToken });
      setResults((prev) => {
        const scannedInAll =
          page.scanned === undefined ? undefined : page.scanned + (nextToken ? (prev?.scannedInAll ?? 0) : 0);
        return nextToken && prev
          ? { items: [...prev.items, ...page.items], nextToken: page.nextToken, scannedInAll }
          : { ...page, scannedInAll };
      });
    } catch (err) {
      setError(
        err instanceof ApiError && err.isMissingRoute
          ? new Error(
              'Event search is not available on this gateway yet (GET /v1/events). Open an event by its id below.',
            )
          : err,
      );
    } finally {
      setSearching(false);
    }
  };

  // The last day's events, newest first, before any filter is typed.
  useEffect(() => {
    void search();
    // Only on arrival: later searches come from the form.
  }, []);

  const bind = (key: keyof typeof filter) => ({
    value: filter[key],
    onChange: (e: { target: { value: string } }) => setFilter((f) => ({ ...f, [key]: e.target.value })),
  });

  return (
    <Screen title="Events" intro="Find an event, then follow it through its deliveries and attempts.">
      <form
        className="panel"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void search();
        }}
      >
        <h2>Search</h2>
        <div className="grid">
          <Field label="From">
            {(c) => <input {...c} type="datetime-local" step={1} {...bind('from')} />}
          </Field>
          <Field label="To">{(c) => <input {...c} type="datetime-local" step={1} {...bind('to')} />}</Field>
          <Field label="Source" className="grow">
            {(c) => <input {...c} placeholder="aws.partner/…" {...bind('source')} />}
          </Field>
          <Field label="Detail type">{(c) => <input {...c} {...bind('detailType')} />}</Field>
        </div>
        <Field
          label="Event pattern (optional)"
          hint='Matched against each event, as a rule would, e.g. {"detail": {"total": [{"numeric": [">", 100]}]}}.'
        >
          {(c) => <textarea {...c} className="code" rows={3} spellCheck={false} {...bind('pattern')} />}
        </Field>
        <button type="submit" disabled={searching}>
          {searching ? 'Searching…' : 'Search'}
        </button>
      </form>
      <ErrorNote error={error} />
      {results && (
        <>
          {results.scannedInAll !== undefined && (
            <p className="hint" role="status">
              {results.items.length} matching of {results.scannedInAll} events looked at
              {results.nextToken ? '; more of the range is left to search.' : '.'}
            </p>
          )}
          <Table
            caption="Events found"
            rows={results.items}
            rowKey={(e) => e.id}
            empty="No events in this range."
            columns={[
              { label: 'Received', render: (e) => <Time iso={e.receivedAt} /> },
              { label: 'Event', render: (e) => <Link href={path('events', e.id)}>{e.id}</Link> },
              { label: 'Source', render: (e) => <code className="name">{e.source}</code> },
              { label: 'Detail type', render: (e) => e.detailType },
              { label: 'State', render: (e) => <StateBadge state={e.state} /> },
            ]}
          />
          {results.nextToken && (
            <button
              type="button"
              className="secondary"
              disabled={searching}
              onClick={() => void search(results.nextToken)}
            >
              {results.scannedInAll !== undefined ? 'Search further' : 'Load more'}
            </button>
          )}
        </>
      )}
      <form
        className="panel inline-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (id.trim()) navigate(path('events', id.trim()));
        }}
      >
        <Field label="Event id">
          {(c) => (
            <input
              {...c}
              className="code"
              spellCheck={false}
              value={id}
              onChange={(e) => setId(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">Open event</button>
      </form>
    </Screen>
  );
}
