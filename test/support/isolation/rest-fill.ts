import type { TenantWorld } from './tenant-world.js';

/** Who may call a route; decides what another tenant's caller must get. */
export type RouteRole =
  'admin' | 'operator' | 'account' | 'partner' | 'any' | 'public' | 'ingest' | 'eventbridge';

/**
 * The role of every route, by path prefix (longest match wins). A route under no prefix here fails
 * the matrix: whoever adds it says who may call it.
 */
export const ROLE_BY_PREFIX: Record<string, RouteRole> = {
  '/v1/accounts': 'admin',
  '/v1/partners': 'admin',
  '/v1/api-keys': 'admin',
  '/v1/partner-event-sources': 'partner',
  '/v1/partner-events': 'partner',
  '/v1/event-sources': 'account',
  '/v1/event-buses': 'account',
  '/v1/events': 'account',
  '/v1/test-event-pattern': 'account',
  '/v1/deliveries': 'account',
  '/v1/archives': 'account',
  '/v1/replays': 'account',
  '/v1/connections': 'account',
  '/v1/api-destinations': 'account',
  '/v1/whoami': 'any',
  // The operators' queue board: the admin token (Bearer or Basic), nothing else; 401 otherwise.
  '/ops/': 'operator',
  '/ingest/': 'ingest',
  '/health/': 'public',
  '/metrics': 'public',
  // The API reference (no tenant data).
  '/docs': 'public',
  '/*': 'public',
};

/**
 * How to fill each path parameter with the victim's resource, keyed by the path up to and including
 * the parameter, so `:name` of a partner source and `:name` of an event source stay distinct. A
 * route with a parameter not listed here fails the matrix, so a new route cannot escape it.
 */
export const PARAM_FILL: Record<string, (v: TenantWorld) => string> = {
  '/docs/:file': () => 'swagger-ui.css',
  '/v1/accounts/:id': (v) => v.accountId,
  '/v1/api-keys/:id': (v) => v.apiKeyId,
  '/v1/partner-event-sources/:name': (v) => v.source,
  '/v1/partner-event-sources/:name/secrets/:id': (v) => v.secretId,
  '/v1/event-sources/:name': (v) => v.pendingSource,
  '/v1/event-buses/:bus': (v) => v.bus,
  '/v1/event-buses/:bus/rules/:rule': (v) => v.rule,
  '/v1/events/:id': (v) => v.eventId,
  '/v1/deliveries/:id': (v) => v.deliveryId,
  '/v1/archives/:name': (v) => v.archive,
  '/v1/replays/:name': (v) => v.replay,
  '/v1/connections/:name': (v) => v.connection,
  '/v1/api-destinations/:name': (v) => v.destination,
  '/ingest/:sourceId': (v) => v.ingestPath.split('/').pop() ?? '',
  '/*': () => 'sources',
};

/** A request's extras: the query and a valid body, so the lookup (not validation) decides. */
export interface Extras {
  query?: Record<string, string>;
  body?: unknown;
}

/** The victim `v`, seen from attacker `a` calling as `caller` (e.g. "account key"). */
type Fill = (v: TenantWorld, a: TenantWorld, caller: string) => Extras;

/** A what-the-answer-must-be check beyond the status, for routes that answer 200 by design. */
export type Expect = { status: number; check?: (body: Record<string, unknown>) => string | undefined };

/** Extras per `METHOD path`: routes that take a body or a query naming the victim's resources. */
export const EXTRAS: Record<string, Fill> = {
  'PUT /v1/event-buses/:bus/rules/:rule': () => ({ body: { eventPattern: { source: ['x'] } } }),
  'PUT /v1/event-buses/:bus/rules/:rule/targets': (v) => ({
    body: { targets: [{ id: v.targetId, type: 'bus', bus: { name: 'default' } }] },
  }),
  'DELETE /v1/event-buses/:bus/rules/:rule/targets': (v) => ({ query: { ids: v.targetId } }),
  'POST /v1/event-buses/:bus/explain': () => ({ body: { event: { source: 'x' } } }),
  'PATCH /v1/event-buses/:bus': () => ({ body: { description: 'written by another tenant' } }),
  'DELETE /v1/partner-event-sources/:name': (v) => ({ query: { account: v.accountId } }),
  'POST /v1/partner-event-sources/:name/secrets': () => ({ body: {} }),
  // Routes without a path parameter that still name the victim's resources in the body or query.
  'POST /v1/event-buses': (v) => ({ body: { name: v.source, eventSourceName: v.source } }),
  'GET /v1/event-buses': () => ({ query: { namePrefix: 'bus-' } }),
  'GET /v1/event-sources': () => ({ query: { namePrefix: 'aws.partner/' } }),
  'GET /v1/partner-event-sources': (v) => ({ query: { namePrefix: `aws.partner/${v.partner}/` } }),
  'POST /v1/partner-event-sources': (v, a) => ({
    body: { name: `aws.partner/${v.partner}/stolen`, account: a.accountId },
  }),
  'POST /v1/partner-events': (v) => ({
    body: { entries: [{ source: v.source, detailType: 'x', detail: {} }] },
  }),
  'POST /v1/events': (v) => ({
    body: { entries: [{ source: 'x', detailType: 'x', detail: {}, eventBusName: v.busArn }] },
  }),
  'GET /v1/events': (v) => ({ query: { source: `src-${v.canary}` } }),
  'GET /v1/deliveries': (v) => ({ query: { bus: v.bus } }),
  'POST /v1/deliveries/redrive': (v) => ({ body: { filter: { ids: [v.deliveryId] } } }),
  'POST /v1/test-event-pattern': (_v, a) => ({
    body: {
      eventPattern: { source: ['x'] },
      event: {
        id: '1',
        account: a.accountId,
        source: 'x',
        'detail-type': 'x',
        time: '2024-01-01T00:00:00Z',
        region: 'us-east-1',
        detail: {},
      },
    },
  }),
  'POST /v1/archives': (v) => ({ body: { name: `stolen-${v.tag}`, eventSourceBus: v.bus } }),
  'POST /v1/archives/:name/dry-run': () => ({
    body: {
      eventPattern: { source: ['x'] },
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date().toISOString(),
    },
  }),
  'POST /v1/replays': (v) => ({
    body: {
      name: `stolen-${v.tag}`,
      archive: v.archive,
      eventStartTime: new Date(Date.now() - 3_600_000).toISOString(),
      eventEndTime: new Date(Date.now() - 60_000).toISOString(),
      destination: { bus: 'default' },
    },
  }),
  // The attacker's own connection, named per caller (a create never names another tenant's).
  'POST /v1/connections': (v, a, caller) => ({
    body: {
      name: `made-${a.tag}-${v.tag}-${caller.replace(/\W+/g, '-')}`,
      authorizationType: 'API_KEY',
      authParameters: { apiKey: { apiKeyName: 'x-api-key', apiKeyValue: 'made' } },
    },
  }),
  'PUT /v1/connections/:name': () => ({ body: { description: 'stolen' } }),
  // The victim's connection, named in the attacker's destination or as a filter.
  'POST /v1/api-destinations': (v) => ({
    body: {
      name: `stolen-${v.tag}`,
      connection: v.connection,
      invocationEndpoint: 'https://example.com/stolen',
      httpMethod: 'POST',
    },
  }),
  'GET /v1/api-destinations': (v) => ({ query: { connection: v.connection } }),
  'PUT /v1/api-destinations/:name': (_v, a) => ({ body: { connection: a.connection } }),
  'POST /v1/accounts': () => ({ body: { name: 'stolen' } }),
  'POST /v1/partners': () => ({ body: { name: 'stolen.example.com' } }),
  'POST /v1/api-keys': (v) => ({ body: { accountId: v.accountId } }),
};

const emptyItems = (b: Record<string, unknown>) =>
  Array.isArray(b.items) && b.items.length === 0 ? undefined : 'expected no items';

/**
 * Param-free routes the right role may call: they answer 2xx by design, so what they must not do is
 * show or touch the victim's resources. Keyed by `METHOD path`; others default to 404.
 */
export const OWN_ROLE_EXPECT: Record<string, (v: TenantWorld) => Expect> = {
  'POST /v1/event-buses': () => ({ status: 404 }),
  'GET /v1/event-buses': () => ({ status: 200 }),
  'GET /v1/event-sources': () => ({ status: 200 }),
  'GET /v1/partner-event-sources': () => ({ status: 200, check: emptyItems }),
  // Another partner's namespace is a bad name for this partner.
  'POST /v1/partner-event-sources': () => ({ status: 400 }),
  'POST /v1/partner-events': () => ({
    status: 200,
    check: (b) => (b.failedEntryCount === 1 ? undefined : 'the entry must fail'),
  }),
  'POST /v1/events': () => ({
    status: 200,
    check: (b) => (b.failedEntryCount === 1 ? undefined : 'the entry must fail'),
  }),
  'GET /v1/events': () => ({ status: 200, check: emptyItems }),
  'GET /v1/deliveries': () => ({ status: 200, check: emptyItems }),
  'POST /v1/deliveries/redrive': () => ({
    status: 200,
    check: (b) => (b.matched === 0 && b.redriven === 0 ? undefined : 'nothing may be redriven'),
  }),
  'POST /v1/test-event-pattern': () => ({ status: 200 }),
  'GET /v1/whoami': () => ({ status: 200 }),
  // The victim's bus and archive do not exist for the attacker.
  'POST /v1/archives': () => ({ status: 404 }),
  'POST /v1/replays': () => ({ status: 404 }),
  'GET /v1/archives': () => ({ status: 200 }),
  'GET /v1/replays': () => ({ status: 200 }),
  'GET /v1/connections': () => ({ status: 200 }),
  'POST /v1/connections': (v) => ({
    status: 201,
    check: (b) =>
      typeof b.arn === 'string' && !b.arn.includes(v.accountId)
        ? undefined
        : "created in the caller's account",
  }),
  'GET /v1/api-destinations': () => ({ status: 200, check: emptyItems }),
  'POST /v1/api-destinations': () => ({ status: 404 }),
};

/** The role of a path: the longest matching prefix of ROLE_BY_PREFIX; `POST /` is EventBridge's. */
export function roleOf(method: string, path: string): RouteRole | undefined {
  if (path === '/') return method === 'POST' ? 'eventbridge' : 'public';
  const prefix = Object.keys(ROLE_BY_PREFIX)
    .filter((p) => path === p || path.startsWith(p.endsWith('/') || p === '/*' ? p : `${p}/`))
    .sort((x, y) => y.length - x.length)[0];
  return prefix === undefined ? undefined : ROLE_BY_PREFIX[prefix];
}

/** The concrete path for the victim, or the names of the parameters nobody said how to fill. */
export function fillPath(path: string, v: TenantWorld): { url: string } | { missing: string[] } {
  const missing: string[] = [];
  let url = '';
  for (const [i, seg] of path.split('/').entries()) {
    const upTo = path
      .split('/')
      .slice(0, i + 1)
      .join('/');
    if (seg.startsWith(':') || seg === '*') {
      const fill = PARAM_FILL[upTo];
      if (!fill) missing.push(`${upTo}`);
      else url += `${i ? '/' : ''}${encodeURIComponent(fill(v))}`;
    } else url += `${i ? '/' : ''}${seg}`;
  }
  return missing.length ? { missing } : { url };
}
