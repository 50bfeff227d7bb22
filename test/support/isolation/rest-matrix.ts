import { hmacSignature } from '#libs/testing';
import type { Harness } from '../harness.js';
import type { Route } from './route-table.js';
import { routeKey } from './route-table.js';
import { EXTRAS, type Expect, fillPath, OWN_ROLE_EXPECT, roleOf } from './rest-fill.js';
import type { TenantWorld } from './tenant-world.js';

/** One way the attacker calls: its own keys, or the admin token acting for it. */
interface Caller {
  kind: 'account' | 'partner';
  label: string;
  impersonated: boolean;
  headers: Record<string, string>;
}

function callersOf(h: Harness, a: TenantWorld): Caller[] {
  const admin = `Bearer ${h.config.adminToken}`;
  return [
    {
      kind: 'account',
      label: 'account key',
      impersonated: false,
      headers: { authorization: `Bearer ${a.accountToken}` },
    },
    {
      kind: 'account',
      label: 'admin as account',
      impersonated: true,
      headers: { authorization: admin, 'x-hookbridge-account': a.accountId },
    },
    {
      kind: 'partner',
      label: 'partner key',
      impersonated: false,
      headers: { authorization: `Bearer ${a.partnerToken}` },
    },
    {
      kind: 'partner',
      label: 'admin as partner',
      impersonated: true,
      headers: { authorization: admin, 'x-hookbridge-partner': a.partner },
    },
  ];
}

/** What of the victim's must not be in an answer: its secrets, and every id the caller did not send. */
export function forbiddenIn(v: TenantWorld, sent: string): string[] {
  const ids = [v.accountId, v.partner, v.source, v.pendingSource, v.bus, v.busArn, v.rule, v.ruleArn];
  const more = [
    v.eventId,
    v.deliveryId,
    v.connection,
    v.connectionArn,
    v.destination,
    v.destinationArn,
    v.secretId,
  ];
  return [...v.secrets, ...ids, ...more].filter((x) => !sent.includes(x));
}

/** The outcome of the REST matrix for one attacker → victim pair. */
export interface MatrixResult {
  checks: number;
  problems: string[];
}

/** Calls every route of the table as `a` against `v`'s resources and records every violation. */
export async function restMatrix(
  h: Harness,
  routes: Route[],
  a: TenantWorld,
  v: TenantWorld,
): Promise<MatrixResult> {
  const out: MatrixResult = { checks: 0, problems: [] };
  for (const route of routes) {
    const key = routeKey(route);
    const role = roleOf(route.method, route.path);
    if (role === undefined) {
      out.problems.push(`${key}: no role known for this path (add it to ROLE_BY_PREFIX)`);
      continue;
    }
    if (role === 'eventbridge') continue; // the EventBridge matrix covers POST /
    // The board refuses before it looks anything up, so its parameters need no tenant's values.
    const filled =
      role === 'operator' ? { url: route.path.replace(/:[^/]+|\*/g, 'x') } : fillPath(route.path, v);
    if ('missing' in filled) {
      out.problems.push(
        `${key}: no filler for parameter(s) ${filled.missing.join(', ')} (add to PARAM_FILL)`,
      );
      continue;
    }
    const fill = EXTRAS[`${route.method === 'HEAD' ? 'GET' : route.method} ${route.path}`];
    if (role === 'ingest') {
      out.checks++;
      const body = JSON.stringify({ stolen: true });
      const res = await h
        .http()
        .post(filled.url)
        .set({ 'content-type': 'application/json', 'x-signature': hmacSignature(a.sourceSecret, body) })
        .send(body);
      check(
        out,
        `${key} signed with ${a.tag}'s secret`,
        res.status,
        res.text ?? '',
        { status: 401 },
        forbiddenIn(v, filled.url),
      );
      continue;
    }
    for (const caller of callersOf(h, a)) {
      if ((role === 'admin' || role === 'operator') && caller.impersonated) continue; // the admin token is the operator's
      out.checks++;
      const expect = expected(role, caller, route, v);
      const extras = fill?.(v, a, caller.label) ?? {};
      const sent = decodeURIComponent(filled.url) + JSON.stringify(extras);
      const agent = h.http();
      let req = agent[route.method.toLowerCase() as 'get'](filled.url).set(caller.headers);
      if (extras.query) req = req.query(extras.query);
      const res = extras.body === undefined ? await req : await req.send(extras.body as object);
      check(
        out,
        `${key} as ${a.tag}'s ${caller.label} → ${v.tag}`,
        res.status,
        res.text ?? '',
        expect,
        forbiddenIn(v, sent),
      );
    }
  }
  return out;
}

function expected(role: string, caller: Caller, route: Route, v: TenantWorld): Expect | undefined {
  if (role === 'public') return undefined;
  if (role === 'admin') return { status: 403 };
  if (role === 'operator') return { status: 401 };
  if (role !== 'any' && role !== caller.kind) return { status: 403 };
  const own = OWN_ROLE_EXPECT[`${route.method === 'HEAD' ? 'GET' : route.method} ${route.path}`]?.(v);
  if (own) return route.method === 'HEAD' ? { status: own.status } : own;
  return { status: 404 };
}

function check(
  out: MatrixResult,
  what: string,
  status: number,
  text: string,
  expect: Expect | undefined,
  forbidden: string[],
): void {
  if (expect && status !== expect.status)
    out.problems.push(`${what}: ${status} (expected ${expect.status}) ${text.slice(0, 200)}`);
  if (!expect && (status >= 500 || status < 200)) out.problems.push(`${what}: ${status}`);
  const leaked = forbidden.filter((f) => text.includes(f));
  if (leaked.length)
    out.problems.push(`${what}: the answer contains ${leaked.join(', ')}: ${text.slice(0, 300)}`);
  if (expect?.check && status === expect.status && text) {
    const why = expect.check(JSON.parse(text) as Record<string, unknown>);
    if (why) out.problems.push(`${what}: ${why}: ${text.slice(0, 200)}`);
  }
}
