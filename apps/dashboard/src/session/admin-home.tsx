import type { ActAs } from '../api/client';
import type { AccountSummary, PartnerSummary } from '../api/types';
import { navigate } from '../router';
import { ErrorNote, Loading } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';
import { useSession } from './session-context';

/** The admin token picks the account or partner to act as (sent as X-Hookbridge-Account/-Partner). */
export function AdminHome() {
  const { api, session, setSession } = useSession();
  const accounts = useLoad(() => api.getAll<AccountSummary>('/v1/accounts'), [api]);
  const partners = useLoad(() => api.getAll<PartnerSummary>('/v1/partners'), [api]);
  const actAs = (target: ActAs) => {
    setSession({ ...session, actAs: target });
    navigate('/');
  };
  return (
    <Screen title="Choose an account or partner" intro="The admin token can act as any account or partner.">
      <section aria-labelledby="admin-accounts">
        <h2 id="admin-accounts">Accounts</h2>
        {accounts.loading && !accounts.data && <Loading what="accounts" />}
        <ErrorNote error={accounts.error} />
        {accounts.data && (
          <Table
            caption="Accounts"
            rows={accounts.data.items}
            rowKey={(a) => a.accountId}
            empty="No accounts yet."
            columns={[
              { label: 'Name', render: (a) => a.name },
              { label: 'Account id', render: (a) => <code>{a.accountId}</code> },
              {
                label: 'Action',
                hiddenLabel: true,
                render: (a) => (
                  <button
                    type="button"
                    onClick={() => actAs({ kind: 'account', id: a.accountId, name: a.name })}
                  >
                    Open account {a.name}
                  </button>
                ),
              },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="admin-partners">
        <h2 id="admin-partners">Partners</h2>
        {partners.loading && !partners.data && <Loading what="partners" />}
        <ErrorNote error={partners.error} />
        {partners.data && (
          <Table
            caption="Partners"
            rows={partners.data.items}
            rowKey={(p) => p.name}
            empty="No partners yet."
            columns={[
              { label: 'Partner', render: (p) => p.name },
              { label: 'Scheme', render: (p) => p.scheme },
              {
                label: 'Action',
                hiddenLabel: true,
                render: (p) => (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => actAs({ kind: 'partner', name: p.name })}
                  >
                    Open partner {p.name}
                  </button>
                ),
              },
            ]}
          />
        )}
      </section>
    </Screen>
  );
}
