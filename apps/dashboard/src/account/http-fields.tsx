import { Field } from '../ui/field';
import type { Binder } from './form-binding';
import type { AuthType } from './target-model';
import { keepsAuth, type StoredSecrets } from './target-secrets';

const AUTH_LABELS: Record<Exclude<AuthType, ''>, string> = {
  basic: 'Basic',
  'api-key': 'API key header',
  'oauth-client-credentials': 'OAuth client credentials',
};

/** The stored secret parameters by name: "x-token", or "headers x-token; query sig" if not only headers. */
function sealedNames(sealed: NonNullable<StoredSecrets['secretParameters']>): string {
  const kinds: Array<[string, string[] | undefined]> = [
    ['headers', sealed.headers],
    ['query', sealed.queryParameters],
    ['body', sealed.bodyParameters],
  ];
  const present = kinds.filter(([, names]) => names?.length);
  if (present.length === 1 && present[0]?.[0] === 'headers') return sealed.headers?.join(', ') ?? '';
  return present.map(([where, names]) => `${where} ${names?.join(', ')}`).join('; ');
}

/**
 * URL, method, headers and authorization of an HTTP target (an EventBridge "API destination").
 * Editing a target (`stored`), blank credential and secret header fields keep the stored ones.
 */
export function HttpFields({ b, stored }: { b: Binder; stored?: StoredSecrets }) {
  const { form, errors } = b;
  const keepHint = (what: string) =>
    keepsAuth(form, stored) ? `Leave blank to keep the stored ${what}.` : undefined;
  const sealed = stored?.secretParameters;
  const onlyHeaders = !sealed?.queryParameters?.length && !sealed?.bodyParameters?.length;
  return (
    <fieldset>
      <legend>HTTP endpoint</legend>
      <div className="row">
        <Field label="URL" error={errors.url} className="grow">
          {(c) => (
            <input {...c} type="url" required placeholder="https://example.com/hooks" {...b.text('url')} />
          )}
        </Field>
        <Field label="Method">
          {(c) => (
            <select {...c} {...b.text('method')}>
              {['POST', 'PUT', 'PATCH', 'GET', 'DELETE'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Headers" error={errors.headers} hint="One “Name: value” per line.">
        {(c) => <textarea {...c} className="code" rows={2} spellCheck={false} {...b.text('headers')} />}
      </Field>
      <Field
        label="Secret headers"
        error={errors.secretHeaders}
        hint={
          sealed && !form.removeSecretHeaders
            ? `Stored secret ${onlyHeaders ? 'headers' : 'parameters'} (${sealedNames(sealed)}) are never shown. Leave blank to keep them; lines typed here replace them.`
            : 'One “Name: value” per line, stored encrypted and never shown again (a token, say).'
        }
      >
        {(c) => (
          <textarea
            {...c}
            className="code"
            rows={2}
            spellCheck={false}
            autoComplete="off"
            disabled={form.removeSecretHeaders}
            {...b.text('secretHeaders')}
          />
        )}
      </Field>
      {sealed && (
        <label className="check">
          <input
            type="checkbox"
            checked={form.removeSecretHeaders}
            onChange={(e) =>
              b.set({
                removeSecretHeaders: e.target.checked,
                ...(e.target.checked ? { secretHeaders: '' } : {}),
              })
            }
          />{' '}
          Remove the stored secret {onlyHeaders ? 'headers' : 'parameters'}
        </label>
      )}
      <Field
        label="Body parameters"
        error={errors.bodyParameters}
        hint="One “name: value” per line, added to the JSON body as top-level members."
      >
        {(c) => (
          <textarea {...c} className="code" rows={2} spellCheck={false} {...b.text('bodyParameters')} />
        )}
      </Field>
      <Field
        label="Authorization"
        hint={
          stored?.authType
            ? `Stored: ${AUTH_LABELS[stored.authType]} (credentials are never shown). Choose None to remove it.`
            : 'Credentials are stored encrypted and never shown again.'
        }
      >
        {(c) => (
          <select
            {...c}
            value={form.authType}
            onChange={(e) => b.set({ authType: e.target.value as AuthType })}
          >
            <option value="">None</option>
            <option value="basic">Basic</option>
            <option value="api-key">API key header</option>
            <option value="oauth-client-credentials">OAuth client credentials</option>
          </select>
        )}
      </Field>
      {form.authType === 'basic' && (
        <div className="row">
          <Field label="Username" error={errors.username} hint={keepHint('username')}>
            {(c) => <input {...c} autoComplete="off" {...b.text('username')} />}
          </Field>
          <Field label="Password" error={errors.password} hint={keepHint('password')}>
            {(c) => <input {...c} type="password" autoComplete="new-password" {...b.text('password')} />}
          </Field>
        </div>
      )}
      {form.authType === 'api-key' && (
        <div className="row">
          <Field label="Header name" error={errors.apiKeyHeader} hint={keepHint('header name')}>
            {(c) => <input {...c} placeholder="X-Api-Key" {...b.text('apiKeyHeader')} />}
          </Field>
          <Field label="API key" error={errors.apiKeyValue} hint={keepHint('API key')}>
            {(c) => <input {...c} type="password" autoComplete="new-password" {...b.text('apiKeyValue')} />}
          </Field>
        </div>
      )}
      {form.authType === 'oauth-client-credentials' && (
        <>
          <Field label="Token URL" error={errors.tokenUrl} hint={keepHint('token URL')}>
            {(c) => <input {...c} type="url" {...b.text('tokenUrl')} />}
          </Field>
          <div className="row">
            <Field label="Client id" error={errors.clientId} hint={keepHint('client id')}>
              {(c) => <input {...c} autoComplete="off" {...b.text('clientId')} />}
            </Field>
            <Field label="Client secret" error={errors.clientSecret} hint={keepHint('client secret')}>
              {(c) => (
                <input {...c} type="password" autoComplete="new-password" {...b.text('clientSecret')} />
              )}
            </Field>
            <Field label="Scope (optional)" hint={keepHint('scope')}>
              {(c) => <input {...c} {...b.text('scope')} />}
            </Field>
          </div>
        </>
      )}
      {stored?.signed && (
        <p className="hint">
          Requests are signed with the stored Standard Webhooks secret, which saving keeps (it is set through
          the API).
        </p>
      )}
    </fieldset>
  );
}
