import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { EventBridgeApi } from '../apps/gateway/src/eventbridge-api/eventbridge-api.service.js';
import { startHarness, type Harness } from './support/harness.js';
import { admin, as, associate, createSource, createTenant, type Tenant } from './support/fixtures.js';
import { endpointOf, issueKey, type AwsKey } from './support/eventbridge.js';
import { routeKey, routeTable, type Route } from './support/isolation/route-table.js';
import { roleOf } from './support/isolation/rest-fill.js';
import {
  assertAwsError,
  assertRestError,
  jsonBody,
  jsonValue,
  rawBody,
  signedHeaders,
} from './support/fuzz/api-fuzz.js';

// Bad input across REST and the EventBridge endpoint: random JSON of every type for every POST/PUT
// route of the route table, raw bytes (invalid UTF-8, deep nesting, huge strings) and random
// X-Amz-Target operations on `POST /`, signed and unsigned. Never a 5xx, never a crash, always the
// interface's own error shape. Scale with FUZZ_RUNS (default 6400 cases), pin with FUZZ_SEED.

const RUNS = Number(process.env.FUZZ_RUNS ?? 6400);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const options = (share: number) => ({
  numRuns: Math.max(1, Math.round(RUNS * share)),
  ...(SEED === undefined ? {} : { seed: SEED }),
});

describe('fuzzing REST and the EventBridge endpoint', () => {
  let h: Harness;
  let t: Tenant;
  let key: AwsKey;
  let base: string;
  let writes: Route[];
  let operations: string[];
  let own: Record<string, string>;
  let cases = 0;

  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
    key = await issueKey(h, { accountId: t.accountId });
    base = endpointOf(h);
    const src = await createSource(h, t);
    await associate(h, t, src.name);
    await h
      .http()
      .put(`/v1/event-buses/default/rules/r`)
      .set(as(t.accountToken))
      .send({ eventPattern: { source: ['x'] } })
      .expect(200);
    own = {
      ':name': src.name,
      ':bus': 'default',
      ':rule': 'r',
      ':id': '00000000-0000-0000-0000-000000000000',
      ':sourceId': 'x',
    };
    writes = routeTable(h.gateway).filter(
      (r) =>
        ['POST', 'PUT'].includes(r.method) &&
        roleOf(r.method, r.path) !== 'eventbridge' &&
        roleOf(r.method, r.path) !== 'ingest' &&
        // The operators' queue board is bull-board's own API with its own error shapes; who may
        // reach it is checked by the isolation matrix.
        roleOf(r.method, r.path) !== 'operator',
    );
    operations = h.gateway.get(EventBridgeApi).operationNames;
  });
  after(async () => {
    console.log(
      `# rest-fuzz: ${cases} cases over ${writes.length} REST write routes and ${operations.length} operations`,
    );
    await h?.close();
  });

  /** The caller a route's role calls for (the admin acts for the tenant where needed). */
  const headersFor = (r: Route): Record<string, string> => {
    const role = roleOf(r.method, r.path);
    if (role === 'partner') return as(t.partnerToken);
    if (role === 'account') return as(t.accountToken);
    return { ...admin(h), 'x-hookbridge-account': t.accountId };
  };
  /** The route's path with the tenant's own resources, or random text, in its parameters. */
  const urlOf = (r: Route, random: string | undefined) =>
    r.path.replace(/:[A-Za-z0-9_]+/g, (p) => encodeURIComponent(random ?? own[p] ?? 'x'));

  test('REST: random JSON of every type on every POST/PUT route', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        jsonBody,
        fc.option(fc.string({ minLength: 1, maxLength: 300 })),
        async (i, body, param) => {
          const r = writes[i % writes.length] as Route;
          cases++;
          const agent = h.http();
          const open = r.method === 'PUT' ? agent.put : agent.post;
          const res = await open
            .call(agent, urlOf(r, param ?? undefined))
            .set(headersFor(r))
            .set('content-type', 'application/json')
            .send(JSON.stringify(body));
          assertRestError(res.status, res.text, `${routeKey(r)} ${JSON.stringify(body)?.slice(0, 200)}`);
        },
      ),
      options(0.4),
    );
  });

  test('REST: raw bytes, deep nesting, huge strings and odd content types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        rawBody,
        fc.constantFrom(
          'application/json',
          'application/json; charset=latin1',
          'text/plain',
          'application/x-www-form-urlencoded',
          '',
        ),
        async (i, body, type) => {
          const r = writes[i % writes.length] as Route;
          cases++;
          let req = h.http()[r.method.toLowerCase() as 'post'](urlOf(r, undefined)).set(headersFor(r));
          if (type) req = req.set('content-type', type);
          const res = await req
            .serialize((d: Buffer) => d as unknown as string)
            .send(body as unknown as string);
          assertRestError(res.status, res.text, `${routeKey(r)} ${type} ${body.length} bytes`);
        },
      ),
      options(0.15),
    );
  });

  /** POST / with these bytes and this target, signed with the tenant's key or not. */
  const postEventBridge = async (target: string | undefined, body: Buffer, signed: boolean) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
    if (target !== undefined) headers['x-amz-target'] = target;
    const all = signed ? await signedHeaders(base, h.config.region, key, headers, body) : headers;
    const { host: _host, ...sent } = all;
    const res = await fetch(`${base}/`, { method: 'POST', headers: sent, body });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  test('EventBridge: random operations and inputs, signed', async () => {
    const target = fc.oneof(
      fc.constantFrom(...operations).map((op) => `AWSEvents.${op}`),
      fc.string({ maxLength: 40 }).map((s) => `AWSEvents.${s}`),
      fc.constantFrom(
        'AWSEvents.',
        'AWSEvents.__proto__',
        'AWSEvents.constructor',
        'AWSEvents.toString',
        'Other.PutEvents',
      ),
    );
    const input = fc.oneof(
      jsonValue.map((v) => Buffer.from(JSON.stringify(v) ?? '')),
      fc
        .dictionary(
          fc.constantFrom(
            'Name',
            'EventBusName',
            'Entries',
            'Targets',
            'Rule',
            'EventPattern',
            'Event',
            'Limit',
            'NextToken',
            'AuthParameters',
            'ResourceARN',
            'Tags',
            'Account',
          ),
          jsonValue,
        )
        .map((o) => Buffer.from(JSON.stringify(o))),
      rawBody,
    );
    await fc.assert(
      fc.asyncProperty(target, input, async (tgt, body) => {
        cases++;
        const res = await postEventBridge(tgt, body, true);
        assertAwsError(res.status, res.type, res.text, `${tgt} ${body.subarray(0, 200).toString()}`);
      }),
      options(0.3),
    );
  });

  test('EventBridge: unsigned and malformed requests', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(fc.string({ maxLength: 60 })), rawBody, async (tgt, body) => {
        cases++;
        const res = await postEventBridge(tgt ?? undefined, body, false);
        assertAwsError(res.status, res.type, res.text, `${String(tgt)} unsigned`);
      }),
      options(0.15),
    );
  });
});
