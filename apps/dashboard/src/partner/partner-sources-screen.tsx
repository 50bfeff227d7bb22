import type { PartnerSource } from '../api/types';
import { Link, path } from '../router';
import { useApi } from '../session/session-context';
import { StateBadge, Time } from '../ui/format';
import { ErrorNote, Loading } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';

/** The event sources this partner created, one row per source and account. */
export function PartnerSourcesScreen() {
  const api = useApi();
  const sources = useLoad(
    () => api.getAll<PartnerSource>('/v1/partner-event-sources', { namePrefix: 'aws.partner/' }),
    [api],
  );
  return (
    <Screen
      title="Your event sources"
      intro="Each source belongs to one customer account, which must associate it before events flow."
      actions={
        <Link className="button" href="/partner/new-source">
          New source
        </Link>
      }
    >
      <ErrorNote error={sources.error} title="Could not load the sources:" />
      {sources.loading && !sources.data && <Loading what="sources" />}
      {sources.data && (
        <Table
          caption="Your event sources"
          rows={sources.data.items}
          rowKey={(s) => `${s.name} ${s.account} ${s.creationTime}`}
          empty="No event sources yet."
          columns={[
            {
              label: 'Name',
              render: (s) => (
                <Link className="name" href={path('partner', 'sources', s.name)}>
                  {s.name}
                </Link>
              ),
            },
            { label: 'Account', render: (s) => <code>{s.account}</code> },
            { label: 'State', render: (s) => <StateBadge state={s.state} /> },
            { label: 'Created', render: (s) => <Time iso={s.creationTime} /> },
            { label: 'Expires', render: (s) => <Time iso={s.expirationTime} /> },
          ]}
        />
      )}
    </Screen>
  );
}
