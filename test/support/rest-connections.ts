import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { type Harness, startHarness } from './harness.js';
import { as, createTenant, type Tenant } from './fixtures.js';

/** A parsed JSON answer of the REST API. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field
export type Json = Record<string, any>;

/**
 * REST calls as the tenant's account for the connection and API destination specs. Every answer's
 * text is kept in `answers`, so a spec can check that no secret value was ever in one.
 */
export function restClient(h: Harness, t: Tenant) {
  const answers: string[] = [];
  const call = async (method: 'get' | 'post' | 'put' | 'delete', path: string, body?: object) => {
    const req = h.http()[method](path).set(as(t.accountToken));
    const res = body === undefined ? await req : await req.send(body);
    answers.push(res.text ?? '');
    return res;
  };
  /** The answer's body when its status is `status`, else a failure showing the answer. */
  const expect = async (
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    status: number,
    body?: object,
  ): Promise<Json> => {
    const res = await call(method, path, body);
    assert.equal(res.status, status, `${method.toUpperCase()} ${path}: ${res.text}`);
    return res.body as Json;
  };
  /** The house error shape `{"error": {"code", "message"}}` with this status, code and message. */
  const refused = async (
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    status: number,
    code: string,
    message: RegExp,
    body?: object,
  ): Promise<void> => {
    const answer = await expect(method, path, status, body);
    assert.deepEqual(Object.keys(answer), ['error'], JSON.stringify(answer));
    assert.equal(answer.error.code, code, JSON.stringify(answer));
    assert.match(answer.error.message, message);
  };
  return { answers, call, expect, refused };
}

export type RestClient = ReturnType<typeof restClient>;

/** An API_KEY connection's create body (header `x-api-key`), with invocation parameters if given. */
export const apiKeyConnection = (name: string, key: string, invocationHttpParameters?: object) => ({
  name,
  authorizationType: 'API_KEY',
  authParameters: {
    apiKey: { apiKeyName: 'x-api-key', apiKeyValue: key },
    ...(invocationHttpParameters ? { invocationHttpParameters } : {}),
  },
});

/**
 * The account's connections, API destinations and targets as PostgreSQL stores them, as one JSON
 * text: what a reader of the database sees, to check that no secret value is in it in the clear.
 */
export async function storedRows(h: Harness, accountId: string): Promise<string> {
  const db = new pg.Client({ connectionString: h.databaseUrl });
  await db.connect();
  try {
    const rows: unknown[] = [];
    for (const table of ['connections', 'api_destinations', 'targets'])
      rows.push(
        ...(await db.query(`SELECT row_to_json(t) AS r FROM ${table} t WHERE account_id = $1`, [accountId]))
          .rows,
      );
    assert.ok(rows.length > 0, 'the account has stored rows');
    return JSON.stringify(rows);
  } finally {
    await db.end();
  }
}

/** Fails naming each secret value found in `text`. */
export function assertNoSecrets(text: string, secrets: readonly string[], where: string): void {
  assert.deepEqual(
    secrets.filter((s) => text.includes(s)),
    [],
    `secret values in ${where}`,
  );
}

/** What a REST connections spec works with; filled in by the time its tests run. */
export interface RestConnectionsWorld {
  h: Harness;
  t: Tenant;
  /** Another account, for what must stay out of its sight. */
  other: Tenant;
  api: RestClient;
  /** A fresh secret value, which no answer and no stored row may then hold in the clear. */
  keep: (name: string) => string;
}

/**
 * Starts a gateway (no worker) and two accounts before the spec's tests; after them, checks that
 * no answer of the whole spec carried a secret from `keep`, nor does the database in the clear.
 */
export function useRestConnectionsWorld(): RestConnectionsWorld {
  const secrets: string[] = [];
  const w = {
    keep: (name: string) => {
      const s = `${name}-${randomBytes(9).toString('hex')}`;
      secrets.push(s);
      return s;
    },
  } as RestConnectionsWorld;
  before(async () => {
    w.h = await startHarness({ worker: false });
    w.t = await createTenant(w.h);
    w.other = await createTenant(w.h);
    w.api = restClient(w.h, w.t);
  });
  after(async () => {
    if (w.api) {
      assertNoSecrets(w.api.answers.join('\n'), secrets, 'the answers');
      assertNoSecrets(await storedRows(w.h, w.t.accountId), secrets, 'the stored rows');
    }
    await w.h?.close();
  });
  return w;
}
