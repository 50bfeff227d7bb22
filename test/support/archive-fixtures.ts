import assert from 'node:assert/strict';
import pg from 'pg';
import { waitFor } from '#libs/testing';
import type { Harness } from './harness.js';
import { as, enc, type Tenant } from './fixtures.js';

/** A custom bus with rules; each rule sends everything matching to `url` + `/<rule>`. */
export async function busWithRules(
  h: Harness,
  t: Tenant,
  bus: string,
  rules: Record<string, object>,
  url: string,
): Promise<void> {
  await h.http().post('/v1/event-buses').set(as(t.accountToken)).send({ name: bus }).expect(201);
  for (const [rule, pattern] of Object.entries(rules)) {
    await h
      .http()
      .put(`/v1/event-buses/${enc(bus)}/rules/${rule}`)
      .set(as(t.accountToken))
      .send({ eventPattern: pattern })
      .expect(200);
    const res = await h
      .http()
      .put(`/v1/event-buses/${enc(bus)}/rules/${rule}/targets`)
      .set(as(t.accountToken))
      .send({ targets: [{ id: 'sink', type: 'http', http: { url: `${url}/${rule}` } }] })
      .expect(200);
    assert.equal(res.body.failedEntryCount, 0, JSON.stringify(res.body));
  }
}

/** PutEvents on `bus`, one entry per detail with its event time; waits until all are routed. */
export async function putRouted(
  h: Harness,
  t: Tenant,
  bus: string,
  entries: ReadonlyArray<{ detail: object; time: Date }>,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < entries.length; i += 10) {
    const res = await h
      .http()
      .post('/v1/events')
      .set(as(t.accountToken))
      .send({
        entries: entries.slice(i, i + 10).map((e) => ({
          eventBusName: bus,
          source: 'test.orders',
          detailType: 'Order',
          detail: e.detail,
          time: e.time.toISOString(),
        })),
      })
      .expect(200);
    assert.equal(res.body.failedEntryCount, 0, JSON.stringify(res.body));
    ids.push(...res.body.entries.map((x: { eventId: string }) => x.eventId));
  }
  for (const id of ids)
    await waitFor(`event ${id} routed`, async () => {
      const r = await h.http().get(`/v1/events/${id}`).set(as(t.accountToken));
      return r.body.state === 'routed';
    });
  return ids;
}

/** One query against the harness's database. */
export async function query<T extends pg.QueryResultRow>(h: Harness, text: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: h.databaseUrl });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

export interface ReplayBody {
  name: string;
  description?: string;
  state: string;
  progress: { eventsTotal: number; eventsReplayed: number; deliveriesCreated: number; percent: number };
  eventLastReplayedTime?: string;
  destination: Record<string, unknown>;
}

/** Waits for a replay to reach `state` and returns its description. */
export async function replayIn(
  h: Harness,
  t: Tenant,
  name: string,
  state: string,
  timeoutMs = 20_000,
): Promise<ReplayBody> {
  return waitFor(
    `replay ${name} to be ${state}`,
    async () => {
      const r = await h.http().get(`/v1/replays/${name}`).set(as(t.accountToken)).expect(200);
      const body = r.body as ReplayBody;
      return body.state === state ? body : undefined;
    },
    timeoutMs,
  );
}
