import { after, before } from 'node:test';
import { startHarness, type Harness } from './harness.js';
import { as, createTenant, enc, type Tenant } from './fixtures.js';

/** What the lifecycle specs share: a gateway (no worker until a test starts one) and one tenant. */
export interface LifecycleWorld {
  h: Harness;
  t: Tenant;
  /** A source's state as its account sees it. */
  state: (name: string) => Promise<string>;
}

/** Starts a LifecycleWorld for the calling spec file (its own `before` and `after`); returns an accessor. */
export function useLifecycleWorld(): () => LifecycleWorld {
  let h: Harness | undefined;
  let world: LifecycleWorld | undefined;
  before(async () => {
    const started = await startHarness({ worker: false });
    h = started;
    const t = await createTenant(started);
    const state = async (name: string) => {
      const res = await started
        .http()
        .get(`/v1/event-sources/${enc(name)}`)
        .set(as(t.accountToken))
        .expect(200);
      return res.body.state as string;
    };
    world = { h: started, t, state };
  });
  after(async () => h?.close());
  return () => {
    if (!world) throw new Error('the lifecycle world is not started yet');
    return world;
  };
}

/** The error code of a REST answer. */
export const code = (res: { body: { error?: { code: string } } }) => res.body.error?.code;
