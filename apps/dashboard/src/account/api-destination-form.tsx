import { type FormEvent, useState } from 'react';
import { seg } from '../api/client';
import type { ApiDestination, Connection } from '../api/connection-types';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { ErrorNote } from '../ui/notices';

const METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'];

/**
 * Creates an API destination, or (with `stored`) edits one: the endpoint (`*` marks a path part each
 * target fills in), the method, the connection it calls under and an optional rate limit. Its
 * targets follow an edit at once.
 */
export function ApiDestinationForm(props: {
  connections: Connection[];
  stored?: ApiDestination;
  onSaved: (d: ApiDestination) => void;
  onCancel?: () => void;
}) {
  const api = useApi();
  const { stored } = props;
  const [name, setName] = useState(stored?.name ?? '');
  const [connection, setConnection] = useState(stored?.connection ?? '');
  const [endpoint, setEndpoint] = useState(stored?.invocationEndpoint ?? '');
  const [method, setMethod] = useState(stored?.httpMethod ?? 'POST');
  const [rate, setRate] = useState(stored?.invocationRateLimitPerSecond?.toString() ?? '');
  const [description, setDescription] = useState(stored?.description ?? '');
  const [rateError, setRateError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const chosen = connection || props.connections[0]?.name || '';
  const titleId = stored ? 'edit-destination' : 'new-destination';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const limit = rate.trim() === '' ? undefined : Number(rate);
    const badRate = limit !== undefined && (!Number.isInteger(limit) || limit < 1);
    setRateError(badRate ? 'A whole number of at least 1.' : undefined);
    if (badRate) return;
    const body = {
      connection: chosen,
      invocationEndpoint: endpoint.trim(),
      httpMethod: method,
      ...(limit !== undefined ? { invocationRateLimitPerSecond: limit } : {}),
      ...(description.trim() || stored?.description ? { description: description.trim() } : {}),
    };
    setSaving(true);
    try {
      const saved = stored
        ? await api.put<ApiDestination>(`/v1/api-destinations/${seg(stored.name)}`, body)
        : await api.post<ApiDestination>('/v1/api-destinations', { name: name.trim(), ...body });
      if (!stored) {
        setName('');
        setEndpoint('');
        setRate('');
        setDescription('');
      }
      props.onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h2 id={titleId}>{stored ? `Edit API destination ${stored.name}` : 'New API destination'}</h2>
      <div className="row">
        <Field label="Destination name" hint="1–64 of letters, digits, . - _">
          {(c) => (
            <input
              {...c}
              required
              readOnly={stored !== undefined}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field label="Connection" hint="Its credentials and parameters go with every call.">
          {(c) => (
            <select {...c} required value={chosen} onChange={(e) => setConnection(e.target.value)}>
              {props.connections.length === 0 && <option value="">No connections yet</option>}
              {props.connections.map((x) => (
                <option key={x.name} value={x.name}>
                  {x.name} ({x.state})
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="row">
        <Field
          label="Invocation endpoint"
          className="grow"
          hint="An http(s) URL; each * is a path part that a target fills in."
        >
          {(c) => (
            <input
              {...c}
              type="url"
              required
              placeholder="https://example.com/orders/*"
              value={endpoint}
              onChange={(e) => setEndpoint(e.target.value)}
            />
          )}
        </Field>
        <Field label="HTTP method">
          {(c) => (
            <select {...c} value={method} onChange={(e) => setMethod(e.target.value)}>
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Rate limit (calls per second)"
          error={rateError}
          hint={stored?.invocationRateLimitPerSecond ? 'Can be changed, not removed.' : 'Optional.'}
        >
          {(c) => <input {...c} inputMode="numeric" value={rate} onChange={(e) => setRate(e.target.value)} />}
        </Field>
      </div>
      <Field label="Description">
        {(c) => <input {...c} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={saving || !chosen || (!stored && name.trim() === '')}>
          {saving ? 'Saving…' : stored ? 'Save API destination' : 'Create API destination'}
        </button>
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
