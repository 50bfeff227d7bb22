import assert from 'node:assert/strict';
import { hmacSignature } from '#libs/testing';
import type { Harness } from './harness.js';

export interface Tenant {
  accountId: string;
  accountToken: string;
  partner: string;
  partnerToken: string;
}

export interface CreatedSource {
  name: string;
  ingestPath: string;
  secret: string;
  body: Record<string, unknown>;
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
export const admin = (h: Harness) => bearer(h.config.adminToken);
export const as = bearer;

let seq = 0;
const unique = (p: string) => `${p}${process.pid}x${Date.now().toString(36)}${(seq++).toString(36)}`;

/** An account with its key, and a partner with its key. */
export async function createTenant(
  h: Harness,
  partnerName = `${unique('p')}.example.com`,
  scheme = 'hmac',
): Promise<Tenant> {
  const acct = await h
    .http()
    .post('/v1/accounts')
    .set(admin(h))
    .send({ name: unique('acct') })
    .expect(201);
  const accountId = acct.body.accountId as string;
  await h.http().post('/v1/partners').set(admin(h)).send({ name: partnerName, scheme }).expect(201);
  const ak = await h.http().post('/v1/api-keys').set(admin(h)).send({ accountId }).expect(201);
  const pk = await h.http().post('/v1/api-keys').set(admin(h)).send({ partner: partnerName }).expect(201);
  return { accountId, accountToken: ak.body.token, partner: partnerName, partnerToken: pk.body.token };
}

/** A partner event source for the tenant's account (PENDING). */
export async function createSource(
  h: Harness,
  t: Tenant,
  verification?: Record<string, unknown>,
  name = `aws.partner/${t.partner}/${unique('src')}`,
): Promise<CreatedSource> {
  const res = await h
    .http()
    .post('/v1/partner-event-sources')
    .set(as(t.partnerToken))
    .send({ name, account: t.accountId, verification })
    .expect(201);
  assert.equal(res.body.state, 'PENDING');
  const secret = (res.body.verification.secrets?.[0]?.secret as string | undefined) ?? '';
  return { name, ingestPath: new URL(res.body.ingestUrl as string).pathname, secret, body: res.body };
}

/** Associates the source (creates its partner bus): PENDING → ACTIVE. */
export async function associate(h: Harness, t: Tenant, name: string): Promise<void> {
  await h
    .http()
    .post('/v1/event-buses')
    .set(as(t.accountToken))
    .send({ name, eventSourceName: name })
    .expect(201);
}

export const enc = encodeURIComponent;

/**
 * An associated source whose bus has one rule (default `all`, matching everything from the source)
 * with the given targets.
 */
export async function createPipeline(
  h: Harness,
  t: Tenant,
  targets: object[],
  options: { pattern?: object; rule?: string } = {},
): Promise<CreatedSource> {
  const s = await createSource(h, t);
  await associate(h, t, s.name);
  const rule = `/v1/event-buses/${enc(s.name)}/rules/${options.rule ?? 'all'}`;
  await h
    .http()
    .put(rule)
    .set(as(t.accountToken))
    .send({ eventPattern: options.pattern ?? { source: [s.name] } })
    .expect(200);
  const res = await h.http().put(`${rule}/targets`).set(as(t.accountToken)).send({ targets }).expect(200);
  assert.equal(res.body.failedEntryCount, 0, JSON.stringify(res.body));
  return s;
}

/** Posts a webhook to the source, signed for its (default hmac) scheme. */
export function sendSigned(
  h: Harness,
  s: CreatedSource,
  payload: object | string,
  headers: Record<string, string> = {},
) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return h
    .http()
    .post(s.ingestPath)
    .set({ 'content-type': 'application/json', 'x-signature': hmacSignature(s.secret, body), ...headers })
    .send(body);
}

/** A delivery as `GET /v1/deliveries` lists it. */
export interface ListedDelivery {
  id: string;
  eventId: string;
  rule: string;
  target: string;
  state: string;
  attempts: number;
  deadLetterAttributes?: Record<string, unknown>;
}

/** The tenant's deliveries on `bus` (the first page, newest first). */
export async function deliveriesOnBus(h: Harness, t: Tenant, bus: string): Promise<ListedDelivery[]> {
  return (await h.http().get('/v1/deliveries').query({ bus }).set(as(t.accountToken)).expect(200)).body.items;
}

/** A PUT as the tenant that must answer 200. */
export const putAs = (h: Harness, t: Tenant, path: string, body: object) =>
  h.http().put(path).set(as(t.accountToken)).send(body).expect(200);
