import assert from 'node:assert/strict';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type HttpSink, waitFor } from '#libs/testing';
import type { Harness } from '../harness.js';
import { as, associate, createSource, createTenant, enc } from '../fixtures.js';
import { issueKey, sdkClient, type AwsKey } from '../eventbridge.js';

/**
 * One tenant of the isolation matrix: an account and a partner, each with a bearer token and SigV4
 * keys, and one of every resource a path or an operation can name. Names are unique to the tenant
 * (so an attacker never hits a same-named resource of its own); `canary` sits in every
 * non-identifying field (descriptions, patterns, URLs, event details), so it can only show up in an
 * answer to someone else if that answer leaks the tenant's data.
 */
export interface TenantWorld {
  tag: string;
  canary: string;
  accountId: string;
  accountToken: string;
  accountKey: AwsKey;
  partner: string;
  partnerToken: string;
  partnerKey: AwsKey;
  account: EventBridgeClient;
  partnerClient: EventBridgeClient;
  apiKeyId: string;
  source: string;
  sourceSecret: string;
  secretId: string;
  ingestPath: string;
  pendingSource: string;
  bus: string;
  busArn: string;
  rule: string;
  ruleArn: string;
  targetId: string;
  eventId: string;
  deliveryId: string;
  connection: string;
  connectionArn: string;
  connectionPassword: string;
  destination: string;
  destinationArn: string;
  archive: string;
  replay: string;
  /** Strings that must never reach another tenant: the canary and every credential. */
  secrets: string[];
}

/** Builds a tenant's world; the sink answers 400 so the tenant's one delivery dead-letters. */
export async function buildWorld(h: Harness, sink: HttpSink, tag: string): Promise<TenantWorld> {
  const t = await createTenant(h);
  const canary = `canary${tag}${Date.now().toString(36)}`;
  const accountKey = await issueKey(h, { accountId: t.accountId });
  const partnerKey = await issueKey(h, { partner: t.partner });
  const account = sdkClient(h, accountKey);
  const partnerClient = sdkClient(h, partnerKey);
  const acct = as(t.accountToken);
  const apiKeys = await h
    .http()
    .post('/v1/api-keys')
    .set({ authorization: `Bearer ${h.config.adminToken}` })
    .send({ accountId: t.accountId })
    .expect(201);

  const src = await createSource(h, t, { scheme: 'hmac' });
  await associate(h, t, src.name);
  const added = await h
    .http()
    .post(`/v1/partner-event-sources/${enc(src.name)}/secrets`)
    .set(as(t.partnerToken))
    .send({})
    .expect(201);
  const pending = await createSource(h, t, { scheme: 'hmac' });

  const bus = `bus-${tag}-iso`;
  const created = await h
    .http()
    .post('/v1/event-buses')
    .set(acct)
    .send({ name: bus, description: `${canary} bus` })
    .expect(201);
  const rule = `rule-${tag}-iso`;
  const ruleRes = await h
    .http()
    .put(`/v1/event-buses/${bus}/rules/${rule}`)
    .set(acct)
    .send({ eventPattern: { source: [`src-${canary}`] }, description: `${canary} rule` })
    .expect(200);
  const password = `pw-${canary}`;
  const put = await h
    .http()
    .put(`/v1/event-buses/${bus}/rules/${rule}/targets`)
    .set(acct)
    .send({
      targets: [
        {
          id: `target-${tag}`,
          type: 'http',
          http: {
            url: `${sink.url}/${canary}`,
            auth: { type: 'basic', username: `user-${canary}`, password },
            signingSecret: `whsec_${Buffer.from(canary).toString('base64')}`,
          },
          retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
        },
      ],
    })
    .expect(200);
  assert.equal(put.body.failedEntryCount, 0, JSON.stringify(put.body));

  const ev = await h
    .http()
    .post('/v1/events')
    .set(acct)
    .send({
      entries: [{ source: `src-${canary}`, detailType: 'iso', detail: { canary }, eventBusName: bus }],
    })
    .expect(200);
  const eventId = ev.body.entries[0].eventId as string;
  assert.ok(eventId, JSON.stringify(ev.body));
  const deliveryId = await waitFor(`${tag}'s delivery to dead-letter`, async () => {
    const res = await h.http().get('/v1/deliveries').query({ state: 'dead_letter', bus }).set(acct);
    const item = (res.body.items as Array<{ id: string; eventId: string }> | undefined)?.find(
      (d) => d.eventId === eventId,
    );
    return item?.id;
  });

  // An archive of the bus and a (short, empty-window) replay of it.
  const archive = `arch-${tag}-iso`;
  await h
    .http()
    .post('/v1/archives')
    .set(acct)
    .send({ name: archive, eventSourceBus: bus, description: `${canary} archive` })
    .expect(201);
  const replay = `replay-${tag}-iso`;
  const now = Date.now();
  await h
    .http()
    .post('/v1/replays')
    .set(acct)
    .send({
      name: replay,
      archive,
      eventStartTime: new Date(now - 3_600_000).toISOString(),
      eventEndTime: new Date(now - 60_000).toISOString(),
      destination: { bus },
    })
    .expect(201);

  const connection = `conn-${tag}-iso`;
  const connectionPassword = `conn-pw-${canary}`;
  const conn = await account.send(
    new CreateConnectionCommand({
      Name: connection,
      Description: `${canary} connection`,
      AuthorizationType: 'BASIC',
      AuthParameters: { BasicAuthParameters: { Username: `u-${canary}`, Password: connectionPassword } },
    }),
  );
  const destination = `dest-${tag}-iso`;
  const dest = await account.send(
    new CreateApiDestinationCommand({
      Name: destination,
      Description: `${canary} destination`,
      ConnectionArn: conn.ConnectionArn,
      InvocationEndpoint: `${sink.url}/${canary}/dest`,
      HttpMethod: 'POST',
    }),
  );
  await account.send(
    new PutRuleCommand({ Name: `${rule}-dest`, EventBusName: bus, EventPattern: '{"source":["never"]}' }),
  );
  await account.send(
    new PutTargetsCommand({
      Rule: `${rule}-dest`,
      EventBusName: bus,
      Targets: [{ Id: 'dest', Arn: dest.ApiDestinationArn }],
    }),
  );
  await account.send(
    new TagResourceCommand({ ResourceARN: created.body.arn, Tags: [{ Key: 'owner', Value: canary }] }),
  );

  const world: TenantWorld = {
    tag,
    canary,
    accountId: t.accountId,
    accountToken: t.accountToken,
    accountKey,
    partner: t.partner,
    partnerToken: t.partnerToken,
    partnerKey,
    account,
    partnerClient,
    apiKeyId: apiKeys.body.id as string,
    source: src.name,
    sourceSecret: src.secret,
    secretId: added.body.id as string,
    ingestPath: src.ingestPath,
    pendingSource: pending.name,
    archive,
    replay,
    bus,
    busArn: created.body.arn as string,
    rule,
    ruleArn: ruleRes.body.arn as string,
    targetId: `target-${tag}`,
    eventId,
    deliveryId,
    connection,
    connectionArn: conn.ConnectionArn ?? '',
    connectionPassword,
    destination,
    destinationArn: dest.ApiDestinationArn ?? '',
    secrets: [
      canary,
      t.accountToken,
      t.partnerToken,
      accountKey.secretAccessKey,
      partnerKey.secretAccessKey,
      src.secret,
      added.body.secret as string,
      password,
      connectionPassword,
    ],
  };
  for (const [k, value] of Object.entries(world))
    if (typeof value === 'string') assert.ok(value.length > 0, `${tag}'s ${k} is empty`);
  assert.ok(
    world.secrets.every((x) => typeof x === 'string' && x.length > 0),
    `${tag}'s secrets`,
  );
  return world;
}
