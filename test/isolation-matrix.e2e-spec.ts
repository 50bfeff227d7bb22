import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeConnectionCommand, ListTagsForResourceCommand } from '@aws-sdk/client-eventbridge';
import { HttpSink } from '#libs/testing';
import { EventBridgeApi } from '../apps/gateway/src/eventbridge-api/eventbridge-api.service.js';
import { startHarness, type Harness } from './support/harness.js';
import { as, enc } from './support/fixtures.js';
import { routeKey, routeTable, type Route } from './support/isolation/route-table.js';
import { fillPath, roleOf } from './support/isolation/rest-fill.js';
import { forbiddenIn, restMatrix } from './support/isolation/rest-matrix.js';
import { eventBridgeMatrix } from './support/isolation/eventbridge-matrix.js';
import { buildWorld, type TenantWorld } from './support/isolation/tenant-world.js';

// Every route the gateway serves (read from Fastify's router at run time, so a new route is in the
// matrix the day it is added) and every EventBridge operation is called by each tenant against each
// other tenant's resources: 404 / AWS error for the right role, 403 / AccessDenied for the wrong one,
// never a success, never the victim's data. A route or operation the tables cannot aim fails.

describe('tenant isolation matrix', () => {
  let h: Harness;
  let sink: HttpSink;
  let worlds: TenantWorld[];
  let routes: Route[];
  const pairs = () => worlds.flatMap((a) => worlds.filter((v) => v !== a).map((v) => [a, v] as const));

  before(async () => {
    h = await startHarness();
    sink = await new HttpSink().start();
    sink.respond = () => ({ status: 400, body: '{"no":"thanks"}' });
    worlds = [];
    for (const tag of ['t0', 't1', 't2']) worlds.push(await buildWorld(h, sink, tag));
    routes = routeTable(h.gateway);
  });
  after(async () => {
    await h?.close();
    await sink?.stop();
  });

  test('the route table is read from the router and every route is aimable', () => {
    const keys = routes.map(routeKey);
    // The reader works: routes of Nest controllers and of plain Fastify plugins are both there.
    for (const k of [
      'GET /v1/event-buses/:bus/rules/:rule/targets',
      'POST /ingest/:sourceId',
      'POST /',
      'DELETE /v1/partner-event-sources/:name/secrets/:id',
    ])
      assert.ok(keys.includes(k), `${k} in ${keys.join(', ')}`);
    const unaimable = routes.flatMap((r) => {
      const role = roleOf(r.method, r.path);
      if (role === undefined) return [`${routeKey(r)}: no role`];
      // The operators' board refuses tenants before it reads any parameter (see rest-matrix.ts).
      if (role === 'operator') return [];
      const filled = fillPath(r.path, worlds[0] as TenantWorld);
      return 'missing' in filled ? [`${routeKey(r)}: ${filled.missing.join(', ')}`] : [];
    });
    assert.deepEqual(unaimable, []);
  });

  test('REST: no tenant reaches another tenant through any route', async (t) => {
    let checks = 0;
    const problems: string[] = [];
    for (const [a, v] of pairs()) {
      const r = await restMatrix(h, routes, a, v);
      checks += r.checks;
      problems.push(...r.problems);
    }
    const withParams = routes.filter((r) => r.params.length > 0).length;
    t.diagnostic(
      `REST: ${routes.length} routes (${withParams} with path parameters) × ${pairs().length} tenant pairs = ${checks} checks`,
    );
    assert.deepEqual(problems, []);
    assert.ok(checks >= routes.length * pairs().length, `${checks} checks`);
  });

  test('EventBridge API: no SDK key reaches another tenant through any operation', async (t) => {
    const operations = h.gateway.get(EventBridgeApi).operationNames;
    assert.ok(operations.length >= 39, operations.join(', '));
    let checks = 0;
    const problems: string[] = [];
    for (const [a, v] of pairs()) {
      const r = await eventBridgeMatrix(operations, a, v);
      checks += r.checks;
      problems.push(...r.problems);
    }
    t.diagnostic(
      `EventBridge: ${operations.length} operations × ${pairs().length} tenant pairs = ${checks} signed calls`,
    );
    assert.deepEqual(problems, []);
  });

  test("REST: a tenant's own rule cannot name another tenant's API destination", async () => {
    const problems: string[] = [];
    for (const [a, v] of pairs()) {
      const sent = {
        targets: [{ id: 'steal', type: 'api-destination', apiDestination: { name: v.destination } }],
      };
      const res = await h
        .http()
        .put(`/v1/event-buses/${a.bus}/rules/${a.rule}/targets`)
        .set(as(a.accountToken))
        .send(sent);
      const what = `${a.tag} naming ${v.tag}'s destination`;
      if (res.status !== 400 || !/does not exist/.test(res.body?.error?.message ?? ''))
        problems.push(`${what}: ${res.status} ${res.text}`);
      const leaked = forbiddenIn(v, JSON.stringify(sent)).filter((f) => res.text.includes(f));
      if (leaked.length) problems.push(`${what}: the answer contains ${leaked.join(', ')}`);
    }
    assert.deepEqual(problems, []);
  });

  test("every tenant's resources are untouched afterwards", async () => {
    for (const v of worlds) {
      const acct = as(v.accountToken);
      const get = (path: string) => h.http().get(path).set(acct).expect(200);
      assert.equal((await get(`/v1/event-sources/${enc(v.source)}`)).body.state, 'ACTIVE');
      assert.equal((await get(`/v1/event-sources/${enc(v.pendingSource)}`)).body.state, 'PENDING');
      assert.match(JSON.stringify((await get(`/v1/event-buses/${v.bus}`)).body), new RegExp(v.canary));
      const rule = (await get(`/v1/event-buses/${v.bus}/rules/${v.rule}`)).body;
      assert.equal(rule.state, 'ENABLED');
      assert.match(JSON.stringify(rule), new RegExp(v.canary));
      const targets = (await get(`/v1/event-buses/${v.bus}/rules/${v.rule}/targets`)).body.items;
      assert.deepEqual(
        targets.map((x: { id: string }) => x.id),
        [v.targetId],
      );
      assert.equal((await get(`/v1/events/${v.eventId}`)).body.id, v.eventId);
      const dead = (await get(`/v1/deliveries?state=dead_letter&bus=${v.bus}`)).body.items;
      assert.ok(dead.some((d: { id: string }) => d.id === v.deliveryId));
      const described = await h
        .http()
        .get(`/v1/partner-event-sources/${enc(v.source)}`)
        .set(as(v.partnerToken))
        .expect(200);
      assert.equal(described.body.verification.activeSecrets.length, 2);
      const restConnection = (await get(`/v1/connections/${v.connection}`)).body;
      assert.equal(restConnection.state, 'AUTHORIZED');
      const restDestination = (await get(`/v1/api-destinations/${v.destination}`)).body;
      assert.equal(restDestination.connection, v.connection);
      assert.match(restDestination.description, new RegExp(v.canary));
      const [destTarget] = (await get(`/v1/event-buses/${v.bus}/rules/${v.rule}-dest/targets`)).body.items;
      assert.deepEqual(
        [destTarget.type, destTarget.apiDestination.name, destTarget.state],
        ['api-destination', v.destination, 'ENABLED'],
      );
      const conn = await v.account.send(new DescribeConnectionCommand({ Name: v.connection }));
      assert.match(conn.Description ?? '', new RegExp(v.canary));
      const tags = await v.account.send(new ListTagsForResourceCommand({ ResourceARN: v.busArn }));
      assert.deepEqual(tags.Tags, [{ Key: 'owner', Value: v.canary }]);
      await h.http().get('/v1/whoami').set(acct).expect(200);
    }
  });
});
