import { type FormEvent, useState } from 'react';
import type { Bus } from '../api/types';
import { Link, path } from '../router';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';

/** The account's event buses: default, custom and partner buses. */
export function BusesScreen() {
  const api = useApi();
  const buses = useLoad(() => api.getAll<Bus>('/v1/event-buses'), [api]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await api.post('/v1/event-buses', {
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setStatus(`Created event bus ${name.trim()}.`);
      setName('');
      setDescription('');
      buses.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Screen title="Event buses" intro="Open a bus to see and edit its rules and targets.">
      <ErrorNote error={buses.error} title="Could not load the buses:" />
      {buses.loading && !buses.data && <Loading what="buses" />}
      {buses.data && (
        <Table
          caption="Event buses"
          rows={buses.data.items}
          rowKey={(b) => b.name}
          empty="No event buses yet. Associate a partner event source, or create a custom bus below."
          columns={[
            {
              label: 'Name',
              render: (b) => (
                <Link href={path('buses', b.name)} className="name">
                  {b.name}
                </Link>
              ),
            },
            { label: 'Kind', render: (b) => b.kind },
            { label: 'State', render: (b) => <StateBadge state={b.state} /> },
            { label: 'Description', render: (b) => b.description ?? '—' },
            { label: 'Created', render: (b) => <Time iso={b.creationTime} /> },
          ]}
        />
      )}
      <section aria-labelledby="new-bus">
        <h2 id="new-bus">New custom bus</h2>
        <p className="hint">Letters, digits and . - _ / ; not starting with “aws.”.</p>
        <form className="inline-form" onSubmit={create}>
          <Field label="Bus name">
            {(c) => <input {...c} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Description (optional)">
            {(c) => (
              <input
                {...c}
                maxLength={512}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            )}
          </Field>
          <button type="submit">Create bus</button>
        </form>
        <StatusMessage>{status}</StatusMessage>
        <ErrorNote error={error} />
      </section>
    </Screen>
  );
}
