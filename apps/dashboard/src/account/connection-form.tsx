import { type FormEvent, useState } from 'react';
import { seg } from '../api/client';
import type { Connection, ConnectionAuthorizationType } from '../api/connection-types';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { ErrorNote } from '../ui/notices';
import {
  AUTH_TYPE_LABELS,
  connectionBody,
  type ConnectionErrors,
  type ConnectionForm as Form,
  emptyConnectionForm,
  formFromConnection,
  keepsCredentials,
} from './connection-model';
import { ParameterRows } from './parameter-rows';

type TextKey = {
  [K in keyof Form]: Form[K] extends string ? (K extends 'authorizationType' ? never : K) : never;
}[keyof Form];

const LIST_HINT =
  'A secret value is stored encrypted and never shown again. Editing, a list you leave as it is keeps its stored values; changing anything in a list replaces the whole list, so type its secret values again.';

/**
 * Creates a connection, or (with `stored`) edits one. As EventBridge's UpdateConnection, an edit
 * changes only what it sends: credentials left blank keep the stored ones while the authorization
 * type stays and the connection is AUTHORIZED; a new type, or a deauthorized connection, needs them.
 */
export function ConnectionForm(props: {
  stored?: Connection;
  onSaved: (c: Connection) => void;
  onCancel?: () => void;
}) {
  const api = useApi();
  const { stored } = props;
  const [form, setForm] = useState<Form>(() => (stored ? formFromConnection(stored) : emptyConnectionForm()));
  const [errors, setErrors] = useState<ConnectionErrors>({});
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const text = (key: TextKey) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value }),
  });
  const keep = keepsCredentials(form, stored);
  const secretHint = (what: string) =>
    keep
      ? `Leave blank to keep the stored ${what} (it is never shown).`
      : stored
        ? `Required: ${stored.authorizationType !== form.authorizationType ? 'a new authorization type needs all its credentials' : 'the connection is deauthorized, its credentials were removed'}.`
        : 'Stored encrypted and never shown again.';
  const title = stored ? `Edit connection ${stored.name}` : 'New connection';
  const titleId = stored ? 'edit-connection' : 'new-connection';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const { body, errors: found } = connectionBody(form, stored);
    setErrors(found);
    if (!body) return;
    setSaving(true);
    try {
      const saved = stored
        ? await api.put<Connection>(`/v1/connections/${seg(stored.name)}`, body)
        : await api.post<Connection>('/v1/connections', body);
      if (!stored) setForm(emptyConnectionForm());
      props.onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <div className="row">
        <Field label="Connection name" error={errors.name} hint="1–64 of letters, digits, . - _">
          {(c) => <input {...c} required readOnly={stored !== undefined} {...text('name')} />}
        </Field>
        <Field label="Authorization type">
          {(c) => (
            <select
              {...c}
              value={form.authorizationType}
              onChange={(e) => set({ authorizationType: e.target.value as ConnectionAuthorizationType })}
            >
              {Object.entries(AUTH_TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Description">{(c) => <input {...c} {...text('description')} />}</Field>
      {form.authorizationType === 'BASIC' && (
        <div className="row">
          <Field label="Username" error={errors.username}>
            {(c) => <input {...c} autoComplete="off" {...text('username')} />}
          </Field>
          <Field label="Password" error={errors.password} hint={secretHint('password')}>
            {(c) => <input {...c} type="password" autoComplete="new-password" {...text('password')} />}
          </Field>
        </div>
      )}
      {form.authorizationType === 'API_KEY' && (
        <div className="row">
          <Field label="Header name" error={errors.apiKeyName} hint="e.g. x-api-key">
            {(c) => <input {...c} autoComplete="off" {...text('apiKeyName')} />}
          </Field>
          <Field label="API key value" error={errors.apiKeyValue} hint={secretHint('API key value')}>
            {(c) => <input {...c} type="password" autoComplete="new-password" {...text('apiKeyValue')} />}
          </Field>
        </div>
      )}
      {form.authorizationType === 'OAUTH_CLIENT_CREDENTIALS' && (
        <>
          <div className="row">
            <Field label="Authorization endpoint" error={errors.authorizationEndpoint} className="grow">
              {(c) => (
                <input
                  {...c}
                  type="url"
                  placeholder="https://auth.example.com/token"
                  {...text('authorizationEndpoint')}
                />
              )}
            </Field>
            <Field label="Token request method">
              {(c) => (
                <select {...c} {...text('httpMethod')}>
                  {['POST', 'GET', 'PUT'].map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div className="row">
            <Field label="Client id" error={errors.clientId}>
              {(c) => <input {...c} autoComplete="off" {...text('clientId')} />}
            </Field>
            <Field label="Client secret" error={errors.clientSecret} hint={secretHint('client secret')}>
              {(c) => <input {...c} type="password" autoComplete="new-password" {...text('clientSecret')} />}
            </Field>
          </div>
          <ParameterRows
            legend="Token request parameters"
            hint={LIST_HINT}
            field="oauth"
            lists={form.oauthParams}
            errors={errors}
            onChange={(oauthParams) => set({ oauthParams })}
          />
        </>
      )}
      <ParameterRows
        legend="Invocation parameters"
        hint={`Sent with every call of the connection's API destinations. ${LIST_HINT}`}
        field="invocation"
        lists={form.invocation}
        errors={errors}
        onChange={(invocation) => set({ invocation })}
      />
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : stored ? 'Save connection' : 'Create connection'}
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
