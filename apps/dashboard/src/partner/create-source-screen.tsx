import { type FormEvent, useState } from 'react';
import type { PartnerSource } from '../api/types';
import { Link, path } from '../router';
import { useApi, useSession } from '../session/session-context';
import { Field } from '../ui/field';
import { ErrorNote } from '../ui/notices';
import { Screen } from '../ui/screen';
import { useLoad } from '../ui/use-load';
import { SecretOnce } from './secret-once';

const SCHEMES = [
  'github',
  'stripe',
  'shopify',
  'slack',
  'twilio',
  'zendesk',
  'standard-webhooks',
  'hmac',
  'basic',
  'api-key',
  'none',
];

/** The partner's name, from the admin's act-as or from a source it already has. */
function usePartnerName(): string | undefined {
  const { session, api } = useSession();
  const known = session.actAs?.kind === 'partner' ? session.actAs.name : undefined;
  const sources = useLoad(
    () =>
      known
        ? Promise.resolve(undefined)
        : api.getAll<PartnerSource>('/v1/partner-event-sources', { namePrefix: 'aws.partner/' }),
    [api, known],
  );
  return known ?? sources.data?.items[0]?.name.split('/')[1];
}

/** A partner creates an event source for one customer account: PENDING, with an ingest URL and secret. */
export function CreateSourceScreen() {
  const api = useApi();
  const partner = usePartnerName();
  const [name, setName] = useState('');
  const [account, setAccount] = useState('');
  const [scheme, setScheme] = useState('');
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<PartnerSource>();
  const [saving, setSaving] = useState(false);
  const prefix = partner ? `aws.partner/${partner}/` : 'aws.partner/';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setSaving(true);
    try {
      const full = name.startsWith('aws.partner/') ? name.trim() : `${prefix}${name.trim()}`;
      setCreated(
        await api.post<PartnerSource>('/v1/partner-event-sources', {
          name: full,
          account: account.trim(),
          ...(scheme ? { verification: { scheme } } : {}),
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Screen title="New event source">
      <p className="crumbs">
        <Link href="/partner/sources">Your event sources</Link>
      </p>
      {created ? (
        <section className="panel" aria-labelledby="created-title">
          <h2 id="created-title">Created {created.name}</h2>
          <p>
            It is PENDING until account <code>{created.account}</code> associates it. Send webhooks to:
          </p>
          <p>
            <code className="name">{created.ingestUrl}</code>
          </p>
          {created.verification?.secrets && created.verification.secrets.length > 0 && (
            <SecretOnce secrets={created.verification.secrets} />
          )}
          <p>
            <Link href={path('partner', 'sources', created.name)}>Open the source</Link>
          </p>
        </section>
      ) : (
        <form className="panel" onSubmit={submit}>
          <Field
            label="Name"
            hint={`The full name is ${prefix}<your namespace>; type the namespace or the full name.`}
          >
            {(c) => (
              <input
                {...c}
                required
                placeholder={`${prefix}orders`}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field label="Customer account id" hint="12 digits, from your customer.">
            {(c) => (
              <input
                {...c}
                required
                inputMode="numeric"
                pattern="\d{12}"
                value={account}
                onChange={(e) => setAccount(e.target.value)}
              />
            )}
          </Field>
          <Field label="Verification scheme">
            {(c) => (
              <select {...c} value={scheme} onChange={(e) => setScheme(e.target.value)}>
                <option value="">Partner default</option>
                {SCHEMES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" disabled={saving}>
            {saving ? 'Creating…' : 'Create source'}
          </button>
          <ErrorNote error={error} />
        </form>
      )}
    </Screen>
  );
}
