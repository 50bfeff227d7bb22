import { ApiDestinationsScreen } from './account/api-destinations-screen';
import { ArchivesScreen } from './account/archives-screen';
import { BusScreen } from './account/bus-screen';
import { BusesScreen } from './account/buses-screen';
import { ConnectionScreen } from './account/connection-screen';
import { ConnectionsScreen } from './account/connections-screen';
import { DeadLettersScreen } from './account/dead-letters-screen';
import { EventScreen } from './account/event-screen';
import { EventsScreen } from './account/events-screen';
import { ReplayScreen } from './account/replay-screen';
import { ReplaysScreen } from './account/replays-screen';
import { RuleScreen } from './account/rule-screen';
import { SourcesScreen } from './account/sources-screen';
import { CreateSourceScreen } from './partner/create-source-screen';
import { PartnerSourceScreen } from './partner/partner-source-screen';
import { PartnerSourcesScreen } from './partner/partner-sources-screen';
import { Link } from './router';
import type { Role } from './session/session';
import { Screen } from './ui/screen';

/** Maps the path (decoded segments) to a screen of the role. */
export function Routes({ role, segments }: { role: Role; segments: string[] }) {
  const [a, b, c, d] = segments;
  if (role === 'account') {
    if (!a || (a === 'sources' && !b)) return <SourcesScreen />;
    if (a === 'buses' && !b) return <BusesScreen />;
    if (a === 'buses' && b && !c) return <BusScreen bus={b} />;
    if (a === 'buses' && b && c === 'new-rule' && !d) return <RuleScreen bus={b} />;
    if (a === 'buses' && b && c === 'rules' && d && segments.length === 4)
      return <RuleScreen bus={b} rule={d} />;
    if (a === 'events' && !b) return <EventsScreen />;
    if (a === 'events' && b && !c) return <EventScreen id={b} />;
    if (a === 'dead-letters' && !b) return <DeadLettersScreen />;
    if (a === 'archives' && !b) return <ArchivesScreen />;
    if (a === 'replays' && !b) return <ReplaysScreen />;
    if (a === 'replays' && b && !c) return <ReplayScreen name={b} />;
    if (a === 'connections' && !b) return <ConnectionsScreen />;
    if (a === 'connections' && b && !c) return <ConnectionScreen name={b} />;
    if (a === 'api-destinations' && !b) return <ApiDestinationsScreen />;
  }
  if (role === 'partner') {
    if (!a || (a === 'partner' && (!b || (b === 'sources' && !c)))) return <PartnerSourcesScreen />;
    if (a === 'partner' && b === 'sources' && c && !d) return <PartnerSourceScreen name={c} />;
    if (a === 'partner' && b === 'new-source' && !c) return <CreateSourceScreen />;
  }
  return (
    <Screen title="Page not found">
      <p>
        There is no such page for this sign-in. <Link href="/">Go to the start page</Link>.
      </p>
    </Screen>
  );
}
