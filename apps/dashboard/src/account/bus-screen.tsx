import type { Bus, Rule } from '../api/types';
import { seg } from '../api/client';
import { Link, path } from '../router';
import { useApi } from '../session/session-context';
import { StateBadge } from '../ui/format';
import { ErrorNote, Loading } from '../ui/notices';
import { Screen } from '../ui/screen';
import { Table } from '../ui/table';
import { useLoad } from '../ui/use-load';
import { BusDescription } from './bus-description';
import { PatternTools } from './pattern-tools';

/** One bus: its rules, a link to write a new one, and "explain" for a sample event. */
export function BusScreen({ bus }: { bus: string }) {
  const api = useApi();
  const data = useLoad(async () => {
    const [info, rules] = await Promise.all([
      api.get<Bus>(`/v1/event-buses/${seg(bus)}`),
      api.getAll<Rule>(`/v1/event-buses/${seg(bus)}/rules`),
    ]);
    return { info, rules: rules.items };
  }, [api, bus]);

  return (
    <Screen
      title={`Bus ${bus}`}
      actions={
        <Link className="button" href={path('buses', bus, 'new-rule')}>
          New rule
        </Link>
      }
    >
      <p className="crumbs">
        <Link href="/buses">All buses</Link>
      </p>
      <ErrorNote error={data.error} title="Could not load the bus:" />
      {data.loading && !data.data && <Loading what="rules" />}
      {data.data && (
        <>
          <dl className="facts">
            <dt>State</dt>
            <dd>
              <StateBadge state={data.data.info.state} />
            </dd>
            <dt>ARN</dt>
            <dd>
              <code>{data.data.info.arn}</code>
            </dd>
          </dl>
          <BusDescription bus={data.data.info} onSaved={data.reload} />
          <h2>Rules</h2>
          <Table
            caption={`Rules of ${bus}`}
            rows={data.data.rules}
            rowKey={(r) => r.name}
            empty="No rules yet: events on this bus go nowhere (partner events are held until a rule has a target)."
            columns={[
              {
                label: 'Rule',
                render: (r) => <Link href={path('buses', bus, 'rules', r.name)}>{r.name}</Link>,
              },
              { label: 'State', render: (r) => <StateBadge state={r.state} /> },
              { label: 'Pattern', render: (r) => <code className="pattern">{r.eventPattern}</code> },
            ]}
          />
          <PatternTools bus={bus} />
        </>
      )}
    </Screen>
  );
}
