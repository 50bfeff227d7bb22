import { Field } from '../ui/field';
import type { Binder } from './form-binding';
import type { StoredSecrets } from './target-secrets';

/**
 * An AWS EventBridge bus in another account or region (or a compatible endpoint). When the target
 * being edited has stored credentials, blank fields keep them.
 */
export function EventBridgeFields({ b, stored }: { b: Binder; stored?: StoredSecrets }) {
  const { form, errors } = b;
  const keeping = stored?.credentials === true && !form.removeCredentials;
  const hint = (what: string) => (keeping ? `Leave blank to keep the stored ${what}.` : undefined);
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
        <Field label="Access key id" error={errors.accessKeyId} hint={hint('access key id')}>
          {(c) => (
            <input {...c} autoComplete="off" disabled={form.removeCredentials} {...b.text('accessKeyId')} />
          )}
        </Field>
        <Field label="Secret access key" error={errors.secretAccessKey} hint={hint('secret access key')}>
          {(c) => (
            <input
              {...c}
              type="password"
              autoComplete="new-password"
              disabled={form.removeCredentials}
              {...b.text('secretAccessKey')}
            />
          )}
        </Field>
        <Field label="Session token (optional)" hint={hint('session token')}>
          {(c) => (
            <input
              {...c}
              type="password"
              autoComplete="new-password"
              disabled={form.removeCredentials}
              {...b.text('sessionToken')}
            />
          )}
        </Field>
      </div>
      {stored?.credentials && (
        <label className="check">
          <input
            type="checkbox"
            checked={form.removeCredentials}
            onChange={(e) =>
              b.set({
                removeCredentials: e.target.checked,
                ...(e.target.checked ? { accessKeyId: '', secretAccessKey: '', sessionToken: '' } : {}),
              })
            }
          />{' '}
          Remove the stored credentials (the worker then uses its default AWS credential chain)
        </label>
      )}
    </fieldset>
  );
}
