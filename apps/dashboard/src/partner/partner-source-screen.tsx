import { type FormEvent, useState } from 'react';
import { seg } from '../api/client';
import type { PartnerSource, Secret, SourceAccount } from '../api/types';
import { Link, navigate } from '../router';
import { useApi } from '../session/session-context';
import { useConfirm } from '../ui/confirm';
import { Field } from '../ui/field';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';
import { SecretOnce } from './secret-once';

/** One source: its ingest URL, its state per account, and secret rotation. */
export function PartnerSourceScreen({ name }: { name: string }) {
  const api = useApi();
  const base = `/v1/partner-event-sources/${seg(name)}`;
  const data = useLoad(async () => {
    const [source, accounts] = await Promise.all([
      api.get<PartnerSource>(base),
      api.getAll<SourceAccount>(`${base}/accounts`),
    ]);
    return { source, accounts: accounts.items };
  }, [api, base]);
  const [dialog, confirm] = useConfirm();
  const [fresh, setFresh] = useState<Secret>();
  const [knownIds, setKnownIds] = useState<string[]>([]);
  const [retireId, setRetireId] = useState('');
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();

  const act = async (f: () => Promise<void>) => {
    setError(undefined);
    setStatus(undefined);
    try {
      await f();
    } catch (err) {
      setError(err);
    }
  };

  const addSecret = () =>
    act(async () => {
      const s = await api.post<Secret>(`${base}/secrets`, {});
      setFresh(s);
      setKnownIds((ids) => [...ids, s.id]);
    });

  const retire = (e: FormEvent) => {
    e.preventDefault();
    const id = retireId.trim();
    void act(async () => {
      const ok = await confirm({
        title: `Retire secret ${id}?`,
        body: (
          <p>Webhooks signed with it are refused from now on. Make sure the sender uses a newer secret.</p>
        ),
        confirmLabel: 'Retire secret',
        danger: true,
      });
      if (!ok) return;
      await api.delete(`${base}/secrets/${seg(id)}`);
      setStatus(`Secret ${id} retired.`);
      setRetireId('');
      if (fresh?.id === id) setFresh(undefined);
    });
  };

  const remove = (source: PartnerSource) =>
    act(async () => {
      const ok = await confirm({
        title: `Delete ${source.name}?`,
        body: (
          <p>
            Account <code>{source.account}</code>’s bus for it becomes DELETED (its rules are kept) and the
            ingest URL stops accepting webhooks.
          </p>
        ),
        confirmLabel: 'Delete source',
        danger: true,
      });
      if (!ok) return;
      await api.delete(`${base}?account=${encodeURIComponent(source.account)}`);
      navigate('/partner/sources');
    });

  const s = data.data?.source;
  return (
    <Screen title={name}>
      {dialog}
      <p className="crumbs">
        <Link href="/partner/sources">Your event sources</Link>
      </p>
      <ErrorNote error={data.error} title="Could not load the source:" />
      {data.loading && !data.data && <Loading what="the source" />}
      <StatusMessage>{status}</StatusMessage>
      <ErrorNote error={error} />
      {s && data.data && (
        <>
          <dl className="facts">
            <dt>State</dt>
            <dd>
              <StateBadge state={s.state} />
            </dd>
            <dt>Account</dt>
            <dd>
              <code>{s.account}</code>
            </dd>
            <dt>Ingest URL</dt>
            <dd>
              <code className="name">{s.ingestUrl}</code>
            </dd>
            <dt>Verification</dt>
            <dd>{s.verification?.scheme}</dd>
            <dt>ARN</dt>
            <dd>
              <code className="name">{s.arn}</code>
            </dd>
          </dl>
          <section aria-labelledby="accounts-title">
            <h2 id="accounts-title">State per account</h2>
            <Table
              caption="State per account"
              rows={data.data.accounts}
              rowKey={(a) => `${a.account} ${a.creationTime}`}
              empty="No accounts."
              columns={[
                { label: 'Account', render: (a) => <code>{a.account}</code> },
                { label: 'State', render: (a) => <StateBadge state={a.state} /> },
                { label: 'Created', render: (a) => <Time iso={a.creationTime} /> },
                { label: 'Expires', render: (a) => <Time iso={a.expirationTime} /> },
              ]}
            />
          </section>
          {s.verification?.scheme !== 'none' && (
            <section className="panel" aria-labelledby="secrets-title">
              <h2 id="secrets-title">Secrets</h2>
              <p>
                Rotate without downtime: add a secret, switch the sender to it, then retire the old one by its
                id (shown with each secret when it was created). Up to 3 secrets are active at once.
              </p>
              <button type="button" onClick={() => void addSecret()}>
                Add a secret
              </button>
              {fresh && <SecretOnce secrets={[fresh]} />}
              <form className="inline-form" onSubmit={retire}>
                <Field label="Secret id to retire">
                  {(c) => (
                    <input
                      {...c}
                      list="known-secret-ids"
                      required
                      value={retireId}
                      onChange={(e) => setRetireId(e.target.value)}
                    />
                  )}
                </Field>
                <datalist id="known-secret-ids">
                  {knownIds.map((id) => (
                    <option key={id} value={id} />
                  ))}
                </datalist>
                <button type="submit" className="secondary">
                  Retire secret
                </button>
              </form>
            </section>
          )}
          {s.state !== 'DELETED' && (
            <section aria-labelledby="danger-title">
              <h2 id="danger-title">Delete</h2>
              <button type="button" className="danger" onClick={() => void remove(s)}>
                Delete this source
              </button>
            </section>
          )}
        </>
      )}
    </Screen>
  );
}
