import { type FormEvent, useState } from 'react';
import type { Bus } from '../api/types';
import { seg } from '../api/client';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { ErrorNote, StatusMessage } from '../ui/notices';

/** A bus's description, edited in place (`PATCH /v1/event-buses/{bus}`; empty removes it). */
export function BusDescription({ bus, onSaved }: { bus: Bus; onSaved: () => void }) {
  const api = useApi();
  const [text, setText] = useState(bus.description ?? '');
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setStatus(undefined);
    try {
      const description = text.trim() || null;
      await api.request('PATCH', `/v1/event-buses/${seg(bus.name)}`, { description });
      setStatus(description ? 'Description saved.' : 'Description removed.');
      onSaved();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form className="inline-form" onSubmit={save}>
      <Field label="Description" hint="Up to 512 characters; empty removes it.">
        {(c) => <input {...c} maxLength={512} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit">Save description</button>
      <StatusMessage>{status}</StatusMessage>
      <ErrorNote error={error} />
    </form>
  );
}
