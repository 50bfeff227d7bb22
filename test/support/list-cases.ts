import assert from 'node:assert/strict';
import type { Harness } from './harness.js';
import { admin, as, enc, type Tenant } from './fixtures.js';

/** A list item as the REST API answers it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- items are read field by field
export type Item = Record<string, any>;

/** One REST list endpoint, and how the pagination spec fills it and recognises its items. */
export interface ListCase {
  name: string;
  path: (t: Tenant) => string;
  /** The bearer token that lists (the account's, the partner's or the admin's). */
  auth: (h: Harness, t: Tenant) => Record<string, string>;
  /** What makes an item itself across pages (its name, or more for a list with history). */
  id: (item: Item) => string;
  /** The list's order: a negative number when `a` comes first. */
  order: (a: Item, b: Item) => number;
  /** Creates the item `name` (a short name this spec chose) in the tenant's list. */
  create: (h: Harness, t: Tenant, name: string) => Promise<void>;
  /** Deletes the item `name`, for the lists whose items can be deleted. */
  remove?: (h: Harness, t: Tenant, name: string) => Promise<void>;
  /** A query that only some items match, with how to tell them: filters work with pagination. */
  filter?: { query: (t: Tenant) => Record<string, string>; matches: (item: Item, t: Tenant) => boolean };
  /** Whether another tenant's walk of the same path must see none of this tenant's items. */
  scoped: boolean;
}

const byName = (a: Item, b: Item) => cmp(a.name as string, b.name as string);
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const accountAuth = (_h: Harness, t: Tenant) => as(t.accountToken);
const partnerAuth = (_h: Harness, t: Tenant) => as(t.partnerToken);
const adminAuth = (h: Harness) => admin(h);

/** POST/PUT/DELETE as the account, expecting success. */
async function send(
  h: Harness,
  token: string,
  method: 'post' | 'put' | 'delete',
  path: string,
  body?: object,
): Promise<void> {
  const req = h.http()[method](path).set(as(token));
  const res = body === undefined ? await req : await req.send(body);
  assert.ok(res.status < 300, `${method.toUpperCase()} ${path}: ${res.status} ${res.text}`);
}

const sourceName = (t: Tenant, name: string) => `aws.partner/${t.partner}/${name}`;
const day = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString();

/** The rule the targets case lists, on the tenant's default bus (created on first use). */
const TARGETS_RULE = 'paged-targets';

export const LIST_CASES: readonly ListCase[] = [
  {
    name: 'event buses',
    path: () => '/v1/event-buses',
    auth: accountAuth,
    id: (i) => i.arn,
    order: byName,
    create: (h, t, name) => send(h, t.accountToken, 'post', '/v1/event-buses', { name: `bus-${name}` }),
    remove: (h, t, name) => send(h, t.accountToken, 'delete', `/v1/event-buses/bus-${name}`),
    filter: { query: () => ({ namePrefix: 'bus-b' }), matches: (i) => i.name.startsWith('bus-b') },
    scoped: true,
  },
  {
    name: 'rules of a bus',
    path: () => '/v1/event-buses/default/rules',
    auth: accountAuth,
    id: (i) => i.arn,
    order: byName,
    create: (h, t, name) =>
      send(h, t.accountToken, 'put', `/v1/event-buses/default/rules/rule-${name}`, {
        eventPattern: { source: [name] },
      }),
    remove: (h, t, name) => send(h, t.accountToken, 'delete', `/v1/event-buses/default/rules/rule-${name}`),
    filter: { query: () => ({ namePrefix: 'rule-b' }), matches: (i) => i.name.startsWith('rule-b') },
    scoped: true,
  },
  {
    name: 'targets of a rule',
    path: () => `/v1/event-buses/default/rules/${TARGETS_RULE}/targets`,
    auth: accountAuth,
    id: (i) => i.arn,
    order: (a, b) => cmp(a.id, b.id),
    create: async (h, t, name) => {
      await send(h, t.accountToken, 'put', `/v1/event-buses/default/rules/${TARGETS_RULE}`, {
        eventPattern: { source: ['targets'] },
      });
      await send(h, t.accountToken, 'put', `/v1/event-buses/default/rules/${TARGETS_RULE}/targets`, {
        targets: [{ id: `t-${name}`, type: 'http', http: { url: `https://example.com/${name}` } }],
      });
    },
    remove: (h, t, name) =>
      send(
        h,
        t.accountToken,
        'delete',
        `/v1/event-buses/default/rules/${TARGETS_RULE}/targets?ids=t-${name}`,
      ),
    scoped: true,
  },
  {
    name: 'event sources (account)',
    path: () => '/v1/event-sources',
    auth: accountAuth,
    id: (i) => `${i.name}`,
    order: byName,
    create: (h, t, name) =>
      send(h, t.partnerToken, 'post', '/v1/partner-event-sources', {
        name: sourceName(t, name),
        account: t.accountId,
      }),
    filter: {
      query: (t) => ({ namePrefix: sourceName(t, 'b') }),
      matches: (i, t) => i.name.startsWith(sourceName(t, 'b')),
    },
    scoped: true,
  },
  {
    name: 'partner event sources (partner)',
    path: () => '/v1/partner-event-sources',
    auth: partnerAuth,
    id: (i) => `${i.name}|${i.account}|${i.creationTime}`,
    // By name, then newest first: a name deleted and created again lists each of its lives.
    order: (a, b) => cmp(a.name, b.name) || cmp(b.creationTime, a.creationTime),
    create: (h, t, name) =>
      send(h, t.partnerToken, 'post', '/v1/partner-event-sources', {
        name: sourceName(t, `partner/${name}`),
        account: t.accountId,
      }),
    filter: {
      query: (t) => ({ namePrefix: sourceName(t, 'partner/b') }),
      matches: (i, t) => i.name.startsWith(sourceName(t, 'partner/b')),
    },
    scoped: true,
  },
  {
    name: 'archives',
    path: () => '/v1/archives',
    auth: accountAuth,
    id: (i) => i.arn,
    order: byName,
    create: (h, t, name) =>
      send(h, t.accountToken, 'post', '/v1/archives', { name: `archive-${name}`, eventSourceBus: 'default' }),
    remove: (h, t, name) => send(h, t.accountToken, 'delete', `/v1/archives/archive-${name}`),
    scoped: true,
  },
  {
    name: 'replays',
    path: () => '/v1/replays',
    auth: accountAuth,
    id: (i) => i.arn,
    order: byName,
    create: async (h, t, name) => {
      const archives = await h.http().get('/v1/archives/replayed').set(as(t.accountToken));
      if (archives.status === 404)
        await send(h, t.accountToken, 'post', '/v1/archives', {
          name: 'replayed',
          eventSourceBus: 'default',
        });
      await send(h, t.accountToken, 'post', '/v1/replays', {
        name: `replay-${name}`,
        archive: 'replayed',
        eventStartTime: day(1),
        eventEndTime: day(2),
        destination: { bus: 'default' },
      });
      // Replays named b… are cancelled (no worker runs them): they are the filter's CANCELLING ones.
      if (name.startsWith('b')) await send(h, t.accountToken, 'post', `/v1/replays/replay-${name}/cancel`);
    },
    filter: { query: () => ({ state: 'CANCELLING' }), matches: (i) => i.name.startsWith('replay-b') },
    scoped: true,
  },
  {
    name: 'connections',
    path: () => '/v1/connections',
    auth: accountAuth,
    id: (i) => i.arn,
    order: byName,
    create: async (h, t, name) => {
      await send(h, t.accountToken, 'post', '/v1/connections', {
        name: `conn-${name}`,
        authorizationType: 'API_KEY',
        authParameters: { apiKey: { apiKeyName: 'x-api-key', apiKeyValue: 'k' } },
      });
      // Connections named b… are deauthorized: the filter's DEAUTHORIZED ones.
      if (name.startsWith('b'))
        await send(h, t.accountToken, 'post', `/v1/connections/conn-${name}/deauthorize`);
    },
    remove: (h, t, name) => send(h, t.accountToken, 'delete', `/v1/connections/conn-${name}`),
    filter: {
      query: () => ({ namePrefix: 'conn-', state: 'DEAUTHORIZED' }),
      matches: (i) => i.name.startsWith('conn-b'),
    },
    scoped: true,
  },
  {
    name: 'API destinations',
    path: () => '/v1/api-destinations',
    auth: accountAuth,
    id: (i) => i.arn,
    order: byName,
    create: async (h, t, name) => {
      // Destinations named b… call through the connection `dest-b`, the others through `dest-a`.
      const connection = `dest-${name.startsWith('b') ? 'b' : 'a'}`;
      const exists = await h.http().get(`/v1/connections/${connection}`).set(as(t.accountToken));
      if (exists.status === 404)
        await send(h, t.accountToken, 'post', '/v1/connections', {
          name: connection,
          authorizationType: 'API_KEY',
          authParameters: { apiKey: { apiKeyName: 'x-api-key', apiKeyValue: 'k' } },
        });
      await send(h, t.accountToken, 'post', '/v1/api-destinations', {
        name: `dest-${name}`,
        connection,
        invocationEndpoint: `https://example.com/${name}`,
        httpMethod: 'POST',
      });
    },
    remove: (h, t, name) => send(h, t.accountToken, 'delete', `/v1/api-destinations/dest-${name}`),
    filter: { query: () => ({ connection: 'dest-b' }), matches: (i) => i.connection === 'dest-b' },
    scoped: true,
  },
  {
    name: 'accounts (admin)',
    path: () => '/v1/accounts',
    auth: adminAuth,
    id: (i) => i.accountId,
    // Oldest first; the id breaks ties within a creation time.
    order: (a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.accountId, b.accountId),
    create: async (h, _t, name) => {
      await h
        .http()
        .post('/v1/accounts')
        .set(admin(h))
        .send({ name: `account-${name}` })
        .expect(201);
    },
    scoped: false,
  },
  {
    name: 'partners (admin)',
    path: () => '/v1/partners',
    auth: adminAuth,
    id: (i) => i.name,
    order: byName,
    create: async (h, _t, name) => {
      await h
        .http()
        .post('/v1/partners')
        .set(admin(h))
        .send({ name: `${name}.partners.example` })
        .expect(201);
    },
    scoped: false,
  },
];

/** The partner's per-account history of one source name (`…/{name}/accounts`). */
export const sourceAccountsPath = (t: Tenant, name: string) =>
  `/v1/partner-event-sources/${enc(sourceName(t, name))}/accounts`;
export { sourceName };
