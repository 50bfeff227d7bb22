import { Field } from '../ui/field';
import type { Binder } from './form-binding';
import type { AuthType } from './target-model';

/** URL, method, headers and authorization of an HTTP target (an EventBridge "API destination"). */
export function HttpFields({
  b,
  authStored,
  sealedStored,
}: {
  b: Binder;
  authStored?: string;
  /** Names of the target's stored secret headers, which are never shown. */
  sealedStored?: string[];
}) {
  const { form, errors } = b;
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
          sealedStored?.length
            ? `Stored secret headers (${sealedStored.join(', ')}) are never shown: enter them again to keep them when saving.`
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
            {...b.text('secretHeaders')}
          />
        )}
      </Field>
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
          authStored
            ? `Stored credentials (${authStored}) are never shown: enter them again to keep them when saving.`
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
          <Field label="Username" error={errors.username}>
            {(c) => <input {...c} autoComplete="off" {...b.text('username')} />}
          </Field>
          <Field label="Password" error={errors.password}>
            {(c) => <input {...c} type="password" autoComplete="new-password" {...b.text('password')} />}
          </Field>
        </div>
      )}
      {form.authType === 'api-key' && (
        <div className="row">
          <Field label="Header name" error={errors.apiKeyHeader}>
            {(c) => <input {...c} placeholder="X-Api-Key" {...b.text('apiKeyHeader')} />}
          </Field>
          <Field label="API key" error={errors.apiKeyValue}>
            {(c) => <input {...c} type="password" autoComplete="new-password" {...b.text('apiKeyValue')} />}
          </Field>
        </div>
      )}
      {form.authType === 'oauth-client-credentials' && (
        <>
          <Field label="Token URL" error={errors.tokenUrl}>
            {(c) => <input {...c} type="url" {...b.text('tokenUrl')} />}
          </Field>
          <div className="row">
            <Field label="Client id" error={errors.clientId}>
              {(c) => <input {...c} autoComplete="off" {...b.text('clientId')} />}
            </Field>
            <Field label="Client secret" error={errors.clientSecret}>
              {(c) => (
                <input {...c} type="password" autoComplete="new-password" {...b.text('clientSecret')} />
              )}
            </Field>
            <Field label="Scope (optional)">{(c) => <input {...c} {...b.text('scope')} />}</Field>
          </div>
        </>
      )}
    </fieldset>
  );
}

/** An AWS EventBridge bus in another account or region (or a compatible endpoint). */
export function EventBridgeFields({ b }: { b: Binder }) {
  const { errors } = b;
  return (
    <fieldset>
      <legend>AWS EventBridge bus</legend>
      <Field label="Event bus ARN" error={errors.eventBusArn}>
        {(c) => (
          <input
            {...c}
            placeholder="arn:aws:events:us-east-1:123456789012:event-bus/default"
            {...b.text('eventBusArn')}
          />
        )}
      </Field>
      <div className="row">
        <Field label="Region" error={errors.region}>
          {(c) => <input {...c} {...b.text('region')} />}
        </Field>
        <Field label="Endpoint (optional)" className="grow">
          {(c) => <input {...c} type="url" {...b.text('endpoint')} />}
        </Field>
      </div>
      <div className="row">
        <Field label="Access key id" error={errors.accessKeyId}>
          {(c) => <input {...c} autoComplete="off" {...b.text('accessKeyId')} />}
        </Field>
        <Field label="Secret access key" error={errors.secretAccessKey}>
          {(c) => <input {...c} type="password" autoComplete="new-password" {...b.text('secretAccessKey')} />}
        </Field>
        <Field label="Session token (optional)">
          {(c) => <input {...c} type="password" autoComplete="new-password" {...b.text('sessionToken')} />}
        </Field>
      </div>
    </fieldset>
  );
}
