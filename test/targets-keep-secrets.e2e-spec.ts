import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { TargetSecrets } from '#libs/domain';
import { SecretBox } from '#libs/security';
import { HttpSink, type SinkRequest, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import {
  as,
  createPipeline,
  createTenant,
  enc,
  type CreatedSource,
  sendSigned,
  type Tenant,
} from './support/fixtures.js';

// REST `keepSecrets`: re-putting a target can keep its sealed parts (auth, secret parameters, signing
// secret, AWS credentials) without sending them again; a part neither given nor kept is removed.

const secret = (name: string) => `${name}-${randomBytes(9).toString('hex')}`;

describe('PUT …/targets with keepSecrets', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let db: pg.Client;
  before(async () => {
    h = await startHarness();
    t = await createTenant(h);
    sink = await new HttpSink().start();
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await db?.end();
    await sink?.stop();
    await h?.close();
  });

  const targetsPath = (s: CreatedSource) => `/v1/event-buses/${enc(s.name)}/rules/all/targets`;
  const put = (s: CreatedSource, targets: object[]) =>
    h.http().put(targetsPath(s)).set(as(t.accountToken)).send({ targets });
  const listed = async (s: CreatedSource) =>
    (await h.http().get(targetsPath(s)).set(as(t.accountToken)).expect(200)).body.items;
  /** Sends a webhook and waits for its delivery at `path` (the sink's path, without the query). */
  const deliveredAt = async (s: CreatedSource, path: string): Promise<SinkRequest> => {
    const marker = secret('m');
    await sendSigned(h, s, { marker }).expect(202);
    return waitFor(`the delivery at ${path}`, () =>
      sink.requests.find((r) => r.url.split('?')[0] === path && r.body.includes(marker)),
    );
  };
  /** The stored row of a target as JSON text, and its sealed secrets opened. */
  const storedRow = async (id: string): Promise<{ text: string; secrets?: TargetSecrets }> => {
    const { rows } = await db.query<{ r: string; enc: string | null }>(
      `SELECT row_to_json(t)::text AS r, secrets_enc AS enc FROM targets t WHERE account_id = $1 AND target_id = $2`,
      [t.accountId, id],
    );
    assert.equal(rows.length, 1);
    const enc = rows[0]?.enc;
    const box = new SecretBox(h.config.secretKey);
    return {
      text: rows[0]?.r ?? '',
      secrets: enc ? (JSON.parse(box.open(enc)) as TargetSecrets) : undefined,
    };
  };

  test('kept auth and secret parameters reach the new URL; a re-put without keepSecrets removes them', async () => {
    const password = secret('pw');
    const token = secret('tok');
    const sig = secret('sig');
    const signing = `whsec_${randomBytes(24).toString('base64')}`;
    const basic = `Basic ${Buffer.from(`hook:${password}`).toString('base64')}`;
    const s = await createPipeline(h, t, [
      {
        id: 'kept',
        type: 'http',
        http: {
          url: `${sink.url}/before`,
          auth: { type: 'basic', username: 'hook', password },
          secretParameters: { headers: { 'x-token': token }, queryParameters: { sig } },
          signingSecret: signing,
        },
      },
    ]);
    const first = await deliveredAt(s, '/before');
    assert.equal(first.headers.authorization, basic);
    assert.ok(first.headers['webhook-signature'], 'signed before');

    const res = await put(s, [
      {
        id: 'kept',
        type: 'http',
        http: { url: `${sink.url}/after`, headers: { 'x-plain': 'p' } },
        keepSecrets: ['auth', 'secretParameters'],
      },
    ]).expect(200);
    assert.equal(res.body.failedEntryCount, 0, JSON.stringify(res.body));
    const [view] = await listed(s);
    assert.equal(view.http.url, `${sink.url}/after`);
    assert.deepEqual(view.http.auth, { type: 'basic' });
    assert.deepEqual(view.http.secretParameters.headers, ['x-token']);
    assert.equal(view.http.signed, false, 'the signing secret was neither given nor kept');

    const kept = await deliveredAt(s, '/after');
    assert.equal(kept.headers.authorization, basic, 'the stored basic credentials are used');
    assert.equal(kept.headers['x-token'], token, 'the stored secret header is sent');
    assert.equal(new URL(kept.url, sink.url).searchParams.get('sig'), sig, 'and the secret query parameter');
    assert.equal(kept.headers['x-plain'], 'p');
    assert.equal(kept.headers['webhook-signature'], undefined, 'no longer signed');

    const row = await storedRow('kept');
    for (const value of [password, token, sig, signing])
      assert.ok(!row.text.includes(value), 'the row holds no secret in the clear');
    assert.deepEqual(row.secrets, {
      httpAuth: { type: 'basic', username: 'hook', password },
      httpParameters: { headers: { 'x-token': token }, queryParameters: { sig } },
    });

    await put(s, [{ id: 'kept', type: 'http', http: { url: `${sink.url}/bare` } }]).expect(200);
    const bare = await deliveredAt(s, '/bare');
    assert.equal(bare.headers.authorization, undefined, 'auth removed');
    assert.equal(bare.headers['x-token'], undefined, 'secret header removed');
    assert.equal(bare.url, '/bare');
    assert.equal((await storedRow('kept')).secrets, undefined, 'nothing sealed is left');
    const [after] = await listed(s);
    assert.equal(after.http.auth, undefined);
    assert.equal(after.http.secretParameters, undefined);
  });

  test('a given part replaces the stored one; a part never stored, or a new target, keeps nothing', async () => {
    const s = await createPipeline(h, t, [
      {
        id: 'a',
        type: 'http',
        http: { url: `${sink.url}/a`, auth: { type: 'basic', username: 'u', password: 'old-pw' } },
      },
    ]);
    const res = await put(s, [
      {
        id: 'a',
        type: 'http',
        http: { url: `${sink.url}/a`, auth: { type: 'api-key', header: 'x-api-key', value: 'new-key' } },
        keepSecrets: ['auth', 'signingSecret', 'secretParameters'],
      },
      {
        id: 'fresh',
        type: 'http',
        http: { url: `${sink.url}/fresh` },
        keepSecrets: ['auth'],
      },
    ]).expect(200);
    assert.equal(res.body.failedEntryCount, 0, JSON.stringify(res.body));
    assert.deepEqual((await storedRow('a')).secrets, {
      httpAuth: { type: 'api-key', header: 'x-api-key', value: 'new-key' },
    });
    assert.equal((await storedRow('fresh')).secrets, undefined);
    const req = await deliveredAt(s, '/a');
    assert.equal(req.headers['x-api-key'], 'new-key');
    assert.equal(req.headers.authorization, undefined);
  });

  test('EventBridge credentials are kept, replaced, or removed; the view says whether they are stored', async () => {
    const arn = 'arn:aws:events:us-east-1:123456789012:event-bus/external';
    const aws = (credentials?: object) => ({
      eventBusArn: arn,
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      ...(credentials ? { credentials } : {}),
    });
    const s = await createPipeline(h, t, [
      { id: 'eb', type: 'eventbridge', eventbridge: aws({ accessKeyId: 'AK1', secretAccessKey: 'SK1' }) },
    ]);
    await put(s, [
      {
        id: 'eb',
        type: 'eventbridge',
        eventbridge: { ...aws(), region: 'eu-west-1' },
        keepSecrets: ['credentials'],
      },
    ]).expect(200);
    assert.deepEqual((await storedRow('eb')).secrets, {
      awsCredentials: { accessKeyId: 'AK1', secretAccessKey: 'SK1' },
    });
    const [view] = await listed(s);
    assert.equal(view.eventbridge.region, 'eu-west-1');
    assert.equal(view.eventbridge.hasCredentials, true);
    assert.ok(!JSON.stringify(view).includes('SK1'), 'the view shows no credential');

    await put(s, [
      {
        id: 'eb',
        type: 'eventbridge',
        eventbridge: aws({ accessKeyId: 'AK2', secretAccessKey: 'SK2' }),
        keepSecrets: ['credentials'],
      },
    ]).expect(200);
    assert.deepEqual((await storedRow('eb')).secrets, {
      awsCredentials: { accessKeyId: 'AK2', secretAccessKey: 'SK2' },
    });

    await put(s, [{ id: 'eb', type: 'eventbridge', eventbridge: aws() }]).expect(200);
    assert.equal((await storedRow('eb')).secrets, undefined);
    assert.equal((await listed(s))[0].eventbridge.hasCredentials, false);
  });

  test('bad keepSecrets are a 400 naming the entry and the part, and change nothing', async () => {
    const s = await createPipeline(h, t, [
      {
        id: 'h',
        type: 'http',
        http: { url: `${sink.url}/h`, auth: { type: 'basic', username: 'u', password: 'pw-400' } },
      },
    ]);
    const refused = async (target: object, message: RegExp) => {
      const res = await put(s, [target]).expect(400);
      assert.equal(res.body.error.code, 'ValidationException');
      assert.match(res.body.error.message, message);
    };
    const http = { id: 'h', type: 'http', http: { url: `${sink.url}/h` } };
    await refused(
      { ...http, keepSecrets: ['password'] },
      /targets\.0\.keepSecrets\.0: must be one of auth, secretParameters, signingSecret, credentials/,
    );
    await refused({ ...http, keepSecrets: 'auth' }, /targets\.0\.keepSecrets/);
    await refused({ ...http, keepSecrets: ['auth', 'auth'] }, /keepSecrets: names a part more than once/);
    await refused(
      { ...http, keepSecrets: ['credentials'] },
      /keepSecrets: 'credentials' can only be kept by a target of type 'eventbridge', not 'http'/,
    );
    await refused(
      {
        id: 'h',
        type: 'eventbridge',
        eventbridge: {
          eventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/x',
          region: 'us-east-1',
        },
        keepSecrets: ['auth', 'signingSecret'],
      },
      /'auth' can only be kept by a target of type 'http', not 'eventbridge'; 'signingSecret' can only/,
    );
    await refused(
      { id: 'h', type: 'bus', bus: { name: 'other' }, keepSecrets: ['secretParameters'] },
      /'secretParameters' can only be kept by a target of type 'http', not 'bus'/,
    );
    const row = await storedRow('h');
    assert.deepEqual(row.secrets?.httpAuth, { type: 'basic', username: 'u', password: 'pw-400' });
  });
});
