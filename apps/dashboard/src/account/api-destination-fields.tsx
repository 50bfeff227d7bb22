import type { ApiDestination, Connection } from '../api/connection-types';
import { Link } from '../router';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { StateBadge } from '../ui/format';
import { ErrorNote } from '../ui/notices';
import { useLoad } from '../ui/use-load';
import type { Binder } from './form-binding';

/**
 * The API destination a target names, chosen from the account's, and what the target adds to its
 * calls: values for the endpoint's `*` wildcards, headers and query parameters. The credentials are
 * the destination's connection's; a connection that is not AUTHORIZED makes the save fail.
 */
export function ApiDestinationFields({ b }: { b: Binder }) {
  const api = useApi();
  const { form, errors } = b;
  const destinations = useLoad(() => api.getAll<ApiDestination>('/v1/api-destinations'), [api]);
  const connections = useLoad(() => api.getAll<Connection>('/v1/connections'), [api]);
  const items = destinations.data?.items ?? [];
  const chosen = items.find((d) => d.name === form.apiDestinationName);
  const connection = connections.data?.items.find((c) => c.name === chosen?.connection);
  const wildcards = chosen ? chosen.invocationEndpoint.split('*').length - 1 : 0;
  return (
    <fieldset>
      <legend>API destination</legend>
      <ErrorNote error={destinations.error} title="Could not load the API destinations:" />
      <Field
        label="API destination"
        error={errors.apiDestinationName}
        hint={
          <>
            Its connection’s credentials and parameters go with every call.{' '}
            <Link href="/api-destinations">Manage API destinations</Link>
          </>
        }
      >
        {(c) => (
          <select {...c} {...b.text('apiDestinationName')}>
            <option value="">
              {destinations.loading && !destinations.data
                ? 'Loading…'
                : items.length
                  ? 'Choose an API destination'
                  : 'No API destinations yet'}
            </option>
            {items.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} — {d.httpMethod} {d.invocationEndpoint}
              </option>
            ))}
          </select>
        )}
      </Field>
      {chosen && (
        <p className="hint" role="status">
          Connection <strong>{chosen.connection}</strong>{' '}
          {connection ? <StateBadge state={connection.state} /> : <StateBadge state="DELETED" />}
          {connection && connection.state !== 'AUTHORIZED' && (
            <> — authorize it again before a target can use this destination.</>
          )}
        </p>
      )}
      {wildcards > 0 && (
        <Field
          label="Path parameter values"
          error={errors.pathParameterValues}
          hint={`One per line, for the ${wildcards} * of the endpoint, in order.`}
        >
          {(c) => <textarea {...c} className="code" rows={wildcards} {...b.text('pathParameterValues')} />}
        </Field>
      )}
      <div className="row">
        <Field label="Extra headers" error={errors.destinationHeaders} hint="One “Name: value” per line.">
          {(c) => (
            <textarea {...c} className="code" rows={2} spellCheck={false} {...b.text('destinationHeaders')} />
          )}
        </Field>
        <Field
          label="Extra query parameters"
          error={errors.destinationQuery}
          hint="One “name: value” per line; the connection’s win."
        >
          {(c) => (
            <textarea {...c} className="code" rows={2} spellCheck={false} {...b.text('destinationQuery')} />
          )}
        </Field>
      </div>
    </fieldset>
  );
}
