import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HttpSink, hmacSignature, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { as } from './support/fixtures.js';
import { type AwsKey, createSdkTenant, endpointOf, type SdkTenant } from './support/eventbridge.js';

const run = promisify(execFile);

/**
 * The README's walk-through, run with the real AWS CLI (`aws`, found on PATH) against the gateway:
 * only `--endpoint-url`, the region and the key's credentials are set.
 */
describe('EventBridge API: the AWS CLI walk-through', () => {
  let h: Harness;
  let t: SdkTenant;
  let sink: HttpSink;
  let configDir: string;
  before(async () => {
    h = await startHarness();
    t = await createSdkTenant(h);
    sink = await new HttpSink().start();
    // AWS CLI v1 fetches any parameter value starting with http:// as a remote file unless told not to.
    configDir = await mkdtemp(join(tmpdir(), 'hb-aws-cli-'));
    await writeFile(join(configDir, 'config'), '[default]\ncli_follow_urlparam = false\n');
  });
  after(async () => {
    await h.close();
    await sink.stop();
    await rm(configDir, { recursive: true, force: true });
  });

  /** Runs `aws events <args>` with a key's credentials; returns the parsed JSON output ({} when empty). */
  async function aws(key: AwsKey, ...args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run(
      'aws',
      ['events', ...args, '--endpoint-url', endpointOf(h), '--output', 'json'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          AWS_ACCESS_KEY_ID: key.accessKeyId,
          AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
          AWS_DEFAULT_REGION: h.config.region,
          // No profile or config from the machine may leak in; one attempt, so a failure shows at once.
          AWS_CONFIG_FILE: join(configDir, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_MAX_ATTEMPTS: '1',
        },
      },
    );
    return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
  }
  /** Runs a command that must fail; returns the AWS error type the CLI printed. */
  async function awsFails(key: AwsKey, ...args: string[]): Promise<string> {
    try {
      await aws(key, ...args);
    } catch (err) {
      return /\((\w+)\)/.exec((err as { stderr?: string }).stderr ?? '')?.[1] ?? String(err);
    }
    throw new Error(`aws events ${args.join(' ')} should have failed`);
  }

  test('`aws` is installed', async () => {
    const { stdout, stderr } = await run('aws', ['--version']);
    assert.match(`${stdout}${stderr}`, /^aws-cli\/\d+\./);
  });

  test('partner lifecycle, then a webhook and a PutEvents delivered to an API destination', async () => {
    const P = t.partnerKey;
    const A = t.accountKey;
    const src = `aws.partner/${t.partner}/acme/orders`;

    // The partner creates the source for the account; the account sees it PENDING.
    const created = await aws(P, 'create-partner-event-source', '--name', src, '--account', t.accountId);
    assert.equal(created.EventSourceArn, `arn:aws:events:us-east-1::event-source/${src}`);
    const listed = await aws(P, 'list-partner-event-sources', '--name-prefix', `aws.partner/${t.partner}/`);
    assert.deepEqual(listed.PartnerEventSources, [{ Arn: created.EventSourceArn, Name: src }]);
    const pending = (await aws(A, 'list-event-sources')) as {
      EventSources: Array<{ Name: string; State: string }>;
    };
    assert.deepEqual(
      pending.EventSources.map((s) => [s.Name, s.State]),
      [[src, 'PENDING']],
    );

    // The account associates it by creating the partner bus, then checks the state both ways.
    await aws(A, 'create-event-bus', '--name', src, '--event-source-name', src);
    assert.equal((await aws(A, 'describe-event-source', '--name', src)).State, 'ACTIVE');
    const accounts = (await aws(P, 'list-partner-event-source-accounts', '--event-source-name', src)) as {
      PartnerEventSourceAccounts: Array<{ Account: string; State: string }>;
    };
    assert.deepEqual(
      accounts.PartnerEventSourceAccounts.map((x) => [x.Account, x.State]),
      [[t.accountId, 'ACTIVE']],
    );
    await aws(A, 'deactivate-event-source', '--name', src);
    assert.equal((await aws(A, 'describe-event-source', '--name', src)).State, 'PENDING');
    await aws(A, 'activate-event-source', '--name', src);
    assert.equal(await awsFails(A, 'activate-event-source', '--name', src), 'InvalidStateException');

    // A connection, an API destination on the sink, and a rule targeting it.
    const conn = await aws(
      A,
      'create-connection',
      '--name',
      'sink',
      '--authorization-type',
      'API_KEY',
      '--auth-parameters',
      JSON.stringify({ ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'cli-secret' } }),
    );
    const dest = await aws(
      A,
      'create-api-destination',
      '--name',
      'sink',
      '--connection-arn',
      String(conn.ConnectionArn),
      '--invocation-endpoint',
      `${sink.url}/webhook`,
      '--http-method',
      'POST',
    );
    await aws(
      A,
      'put-rule',
      '--name',
      'orders',
      '--event-bus-name',
      src,
      '--event-pattern',
      '{"detail":{"order":[{"exists":true}]}}',
    );
    const targets = await aws(
      A,
      'put-targets',
      '--rule',
      'orders',
      '--event-bus-name',
      src,
      '--targets',
      `Id=sink,Arn=${String(dest.ApiDestinationArn)}`, // the CLI's shorthand, as in the README
    );
    assert.equal(targets.FailedEntryCount, 0);

    // The partner posts a webhook to the source's ingest URL; the account's endpoint receives its event.
    const partnerToken = await bearer(h, { partner: t.partner });
    const source = await h
      .http()
      .get(`/v1/partner-event-sources/${encodeURIComponent(src)}`)
      .set(as(partnerToken))
      .expect(200);
    const secret = await h
      .http()
      .post(`/v1/partner-event-sources/${encodeURIComponent(src)}/secrets`)
      .set(as(partnerToken))
      .send({})
      .expect(201);
    const body = '{"order":"o-1","total":250}';
    await h
      .http()
      .post(new URL(source.body.ingestUrl as string).pathname)
      .set({
        'content-type': 'application/json',
        'x-signature': hmacSignature(secret.body.secret as string, body),
      })
      .send(body)
      .expect(202);
    const hook = await waitFor('the webhook event at the sink', () =>
      sink.requests.find((r) => r.url === '/webhook' && JSON.parse(r.body).detail?.order === 'o-1'),
    );
    assert.equal(JSON.parse(hook.body).source, src);
    assert.equal(hook.headers['x-api-key'], 'cli-secret');

    // PutEvents on the same bus reaches the same API destination.
    const put = await aws(
      A,
      'put-events',
      '--entries',
      JSON.stringify([{ Source: 'shop', DetailType: 'order', Detail: '{"order":"o-2"}', EventBusName: src }]),
    );
    assert.equal(put.FailedEntryCount, 0);
    await waitFor('the PutEvents event at the sink', () =>
      sink.requests.some((r) => r.url === '/webhook' && JSON.parse(r.body).detail?.order === 'o-2'),
    );

    // The partner deletes the source: the account's bus stays; a wrong secret is refused.
    await aws(P, 'delete-partner-event-source', '--name', src, '--account', t.accountId);
    assert.equal(
      await awsFails(P, 'describe-partner-event-source', '--name', src),
      'ResourceNotFoundException',
    );
    assert.equal((await aws(A, 'describe-event-bus', '--name', src)).Name, src);
    const wrong = { accessKeyId: A.accessKeyId, secretAccessKey: `${A.secretAccessKey}x` };
    assert.equal(await awsFails(wrong, 'list-event-buses'), 'InvalidSignatureException');
    assert.equal(await awsFails(P, 'list-event-buses'), 'AccessDeniedException');
  });
});

/** A bearer token for REST, issued by the admin. */
async function bearer(h: Harness, owner: { partner: string } | { accountId: string }): Promise<string> {
  const res = await h
    .http()
    .post('/v1/api-keys')
    .set({ authorization: `Bearer ${h.config.adminToken}` })
    .send(owner)
    .expect(201);
  return res.body.token as string;
}
