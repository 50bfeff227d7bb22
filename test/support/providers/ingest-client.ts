import assert from 'node:assert/strict';
import pg from 'pg';
import type { Response } from 'supertest';
import { waitFor, type HttpSink } from '#libs/testing';
import type { Harness } from '../harness.js';
import { as, associate, createSource, enc, type CreatedSource, type Tenant } from '../fixtures.js';

/** One webhook as a sender puts it on the wire. */
export interface Wire {
  body: string;
  headers: Record<string, string>;
  /** Appended to the ingest path, `?` included (Twilio's bodySHA256, api-key query parameters). */
  query?: string;
}

/** A source as the provider tests use it: its ingest URL and the ids of its secrets. */
export interface TestSource extends CreatedSource {
  ingestUrl: string;
  secretIds: string[];
}

/** Posts `wire` to the source's ingest endpoint through the real HTTP server. */
export function post(h: Harness, source: { ingestPath: string }, wire: Wire): Promise<Response> {
  return h
    .http()
    .post(`${source.ingestPath}${wire.query ?? ''}`)
    .set(wire.headers)
    .send(wire.body);
}

/** Asserts status and the one JSON error shape, and that none of `secrets` leaks into the answer. */
export function assertError(
  res: Response,
  status: number,
  code: string | undefined,
  secrets: readonly string[] = [],
): void {
  assert.equal(res.status, status, `expected ${status} ${code ?? ''}, got ${res.status} ${res.text}`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown } };
  assert.equal(typeof body.error?.code, 'string', res.text);
  assert.equal(typeof body.error?.message, 'string', res.text);
  if (code !== undefined) assert.equal(body.error?.code, code, res.text);
  for (const s of secrets)
    if (s) assert.ok(!res.text.includes(s), 'an error answer must never contain a secret');
}

/** Asserts a fresh acceptance (202 with an event id) and returns the id. */
export function assertAccepted(res: Response): string {
  assert.equal(res.status, 202, res.text);
  assert.match(String(res.body.eventId), /^[0-9a-f-]{36}$/);
  return res.body.eventId as string;
}

/** A PENDING source with the given verification (secrets as given, or generated). */
export async function testSource(
  h: Harness,
  t: Tenant,
  verification: Record<string, unknown>,
): Promise<TestSource> {
  const s = await createSource(h, t, verification);
  const secrets = (s.body.verification as { secrets?: Array<{ id: string }> }).secrets ?? [];
  return { ...s, ingestUrl: s.body.ingestUrl as string, secretIds: secrets.map((x) => x.id) };
}

/**
 * A source that routes: associated (ACTIVE), with one rule (by default matching everything from it)
 * and an HTTP target on `sink`, so the worker normalizes its events and `GET /v1/events/{id}` shows
 * the envelope.
 */
export async function routedSource(
  h: Harness,
  t: Tenant,
  sink: HttpSink,
  verification: Record<string, unknown>,
  pattern?: object,
): Promise<TestSource> {
  const s = await testSource(h, t, verification);
  await associate(h, t, s.name);
  const bus = enc(s.name);
  await h
    .http()
    .put(`/v1/event-buses/${bus}/rules/all`)
    .set(as(t.accountToken))
    .send({ eventPattern: pattern ?? { source: [s.name] } })
    .expect(200);
  const res = await h
    .http()
    .put(`/v1/event-buses/${bus}/rules/all/targets`)
    .set(as(t.accountToken))
    .send({ targets: [{ id: 'sink', type: 'http', http: { url: `${sink.url}/providers` } }] })
    .expect(200);
  assert.equal(res.body.failedEntryCount, 0, JSON.stringify(res.body));
  return s;
}

/** The EventBridge envelope of an event, once the worker has routed it. */
export async function routedEnvelope(
  h: Harness,
  t: Tenant,
  eventId: string,
): Promise<Record<string, unknown>> {
  const trace = await waitFor(`event ${eventId} to be routed`, async () => {
    const r = await h.http().get(`/v1/events/${eventId}`).set(as(t.accountToken)).expect(200);
    return r.body.state === 'routed' ? (r.body as { envelope: Record<string, unknown> }) : undefined;
  });
  return trace.envelope;
}

/** The stored events of a source (headers as stored), read straight from PostgreSQL. */
export async function storedEvents(
  h: Harness,
  sourceName: string,
): Promise<Array<{ id: string; headers: Record<string, string> }>> {
  const client = new pg.Client({ connectionString: h.databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ id: string; headers: Record<string, string> }>(
      'SELECT id, headers FROM events WHERE source_name = $1',
      [sourceName],
    );
    return r.rows;
  } finally {
    await client.end();
  }
}

/** How many of an account's events are in each state, read straight from PostgreSQL. */
export async function eventStates(h: Harness, accountId: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: h.databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ state: string; n: string }>(
      'SELECT state, count(*) AS n FROM events WHERE account_id = $1 GROUP BY state',
      [accountId],
    );
    return Object.fromEntries(r.rows.map((x) => [x.state, Number(x.n)]));
  } finally {
    await client.end();
  }
}

/** `POST /v1/partner-event-sources/{name}/secrets` as the source's partner. */
export function addSecret(h: Harness, t: Tenant, name: string, secret?: string): Promise<Response> {
  return h
    .http()
    .post(`/v1/partner-event-sources/${enc(name)}/secrets`)
    .set(as(t.partnerToken))
    .send(secret === undefined ? {} : { secret });
}

/** `DELETE /v1/partner-event-sources/{name}/secrets/{id}` as the source's partner. */
export function retireSecret(h: Harness, t: Tenant, name: string, id: string): Promise<Response> {
  return h
    .http()
    .delete(`/v1/partner-event-sources/${enc(name)}/secrets/${enc(id)}`)
    .set(as(t.partnerToken));
}
