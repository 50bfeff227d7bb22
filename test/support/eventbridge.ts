import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import {
  EventBridgeClient,
  type EventBridgeClientConfig,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import pg from 'pg';
import { HttpSink, waitFor } from '#libs/testing';
import { type Harness, startHarness } from './harness.js';
import { admin } from './fixtures.js';

/** An API key's SigV4 credentials. */
export interface AwsKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** An account and a partner, each with SigV4 credentials and an SDK client for them. */
export interface SdkTenant {
  accountId: string;
  partner: string;
  accountKey: AwsKey;
  partnerKey: AwsKey;
  account: EventBridgeClient;
  partnerClient: EventBridgeClient;
}

let seq = 0;
const unique = (p: string) => `${p}${process.pid}x${Date.now().toString(36)}${(seq++).toString(36)}`;

/** The gateway's base URL (the harness listens on an ephemeral port). */
export function endpointOf(h: Harness): string {
  const addr = h.gateway.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${addr.port}`;
}

/** An SDK client configured as a customer would: only endpoint, region and credentials (no retries). */
export function sdkClient(
  h: Harness,
  key: AwsKey,
  extra: Partial<EventBridgeClientConfig> = {},
): EventBridgeClient {
  return new EventBridgeClient({
    endpoint: endpointOf(h),
    region: h.config.region,
    credentials: key,
    maxAttempts: 1,
    ...extra,
  });
}

/** Issues an API key through the admin REST API and returns its SigV4 credentials. */
export async function issueKey(
  h: Harness,
  owner: { accountId: string } | { partner: string },
): Promise<AwsKey> {
  const res = await h.http().post('/v1/api-keys').set(admin(h)).send(owner).expect(201);
  return { accessKeyId: res.body.accessKeyId as string, secretAccessKey: res.body.secretAccessKey as string };
}

/** A fresh account and partner, each with a key and an SDK client. */
export async function createSdkTenant(h: Harness): Promise<SdkTenant> {
  const acct = await h
    .http()
    .post('/v1/accounts')
    .set(admin(h))
    .send({ name: unique('acct') })
    .expect(201);
  const accountId = acct.body.accountId as string;
  const partner = `${unique('p')}.example.com`;
  await h.http().post('/v1/partners').set(admin(h)).send({ name: partner }).expect(201);
  const accountKey = await issueKey(h, { accountId });
  const partnerKey = await issueKey(h, { partner });
  return {
    accountId,
    partner,
    accountKey,
    partnerKey,
    account: sdkClient(h, accountKey),
    partnerClient: sdkClient(h, partnerKey),
  };
}

/** The error an SDK call rejects with: its AWS type (`name`) and message. */
export async function awsError(
  p: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

/** A unique partner event source name for a tenant. */
export const sourceName = (t: SdkTenant, suffix = unique('src')) => `aws.partner/${t.partner}/${suffix}`;

/** A REST GET as the tenant's account (the admin acting for it), to check the REST view of a change. */
export const restGet = (h: Harness, t: SdkTenant, path: string) =>
  h
    .http()
    .get(path)
    .set({ authorization: `Bearer ${h.config.adminToken}`, 'x-hookbridge-account': t.accountId });

/** Puts one `shop` event on `bus` through the SDK and waits for its first delivery to reach `state`. */
export async function putAndWait(
  h: Harness,
  t: SdkTenant,
  bus: string,
  detail: object,
  state: string,
): Promise<string> {
  const out = await t.account.send(
    new PutEventsCommand({
      Entries: [{ Source: 'shop', DetailType: 'order', Detail: JSON.stringify(detail), EventBusName: bus }],
    }),
  );
  const id = out.Entries?.[0]?.EventId ?? '';
  assert.ok(id, JSON.stringify(out));
  await waitFor(
    `event ${id} delivery ${state}`,
    async () => (await restGet(h, t, `/v1/events/${id}`)).body.deliveries?.[0]?.state === state,
  );
  return id;
}

/**
 * The account's connections and targets as PostgreSQL stores them, as one JSON text: what a reader
 * of the database sees, to check that no secret value is in it in the clear.
 */
export async function storedConnectionsAndTargets(h: Harness, accountId: string): Promise<string> {
  const db = new pg.Client({ connectionString: h.databaseUrl });
  await db.connect();
  try {
    const rows = await db.query(
      `SELECT c.*, t.config, t.secrets_enc FROM connections c, targets t WHERE c.account_id = $1 AND t.account_id = $1`,
      [accountId],
    );
    assert.ok(rows.rows.length > 0, 'the account has connections and targets');
    return JSON.stringify(rows.rows);
  } finally {
    await db.end();
  }
}

/** A gateway and worker, an SDK tenant, and a sink for its deliveries (see startSdkDelivery). */
export interface SdkDelivery {
  h: Harness;
  t: SdkTenant;
  sink: HttpSink;
  /** A REST GET as the tenant's account. */
  rest: (path: string) => ReturnType<typeof restGet>;
  /** The requests the sink received on paths starting with `prefix`. */
  at: (prefix: string) => HttpSink['requests'];
  /** Puts one event on `bus` and waits for its first delivery to reach `state`. */
  deliver: (bus: string, detail: object, state: string) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * Starts what the EventBridge delivery specs share. The sink answers an OAuth token (`tok-1`, an
 * hour) on the paths `isTokenPath` accepts and 200 elsewhere.
 */
export async function startSdkDelivery(isTokenPath: (url: string) => boolean): Promise<SdkDelivery> {
  const h = await startHarness();
  const t = await createSdkTenant(h);
  const sink = await new HttpSink().start();
  sink.respond = (req) =>
    isTokenPath(req.url)
      ? {
          status: 200,
          body: JSON.stringify({ access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 }),
        }
      : { status: 200 };
  return {
    h,
    t,
    sink,
    rest: (path) => restGet(h, t, path),
    at: (prefix) => sink.requests.filter((r) => r.url.startsWith(prefix)),
    deliver: (bus, detail, state) => putAndWait(h, t, bus, detail, state),
    close: async () => {
      await h.close();
      await sink.stop();
    },
  };
}
