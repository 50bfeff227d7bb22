import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import pg from 'pg';
import type { TargetSecrets } from '#libs/domain';
import { SecretBox } from '#libs/security';
import { HttpSink, type SinkRequest, waitFor } from '#libs/testing';
import { type Dashboard, useDashboardWorld } from './support/browser.js';
import type { Harness } from './support/harness.js';
import {
  as,
  associate,
  createSource,
  enc,
  type CreatedSource,
  sendSigned,
  type Tenant,
} from './support/fixtures.js';

// Editing a target in the dashboard keeps its stored credentials when their fields are left blank.

describe('the dashboard edits a target without retyping its credentials', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let d: Dashboard;
  const world = useDashboardWorld();
  before(() => ({ h, t, sink, d } = world));

  /** An associated source whose bus has rule `rule` with these targets. */
  async function ruleWith(rule: string, targets: object[]): Promise<CreatedSource> {
    const source = await createSource(h, t);
    await associate(h, t, source.name);
    const path = `/v1/event-buses/${enc(source.name)}/rules/${rule}`;
    await h
      .http()
      .put(path)
      .set(as(t.accountToken))
      .send({ eventPattern: { source: [source.name] } })
      .expect(200);
    const res = await h.http().put(`${path}/targets`).set(as(t.accountToken)).send({ targets }).expect(200);
    assert.equal(res.body.failedEntryCount, 0, JSON.stringify(res.body));
    return source;
  }

  const deliveredAt = async (s: CreatedSource, path: string, marker: string): Promise<SinkRequest> => {
    await sendSigned(h, s, { marker }).expect(202);
    return waitFor(`the delivery at ${path}`, () =>
      sink.requests.find((r) => r.url === path && r.body.includes(marker)),
    );
  };

  async function openTarget(s: CreatedSource, rule: string, id: string): Promise<Page> {
    const page = await d.signIn(t.accountToken);
    await page.goto(`${d.base}/buses/${enc(s.name)}/rules/${rule}`);
    await page.getByRole('button', { name: `Edit target ${id}` }).click();
    await page.getByRole('heading', { name: `Edit target ${id}` }).waitFor();
    return page;
  }

  async function save(page: Page, id: string): Promise<void> {
    await page.getByRole('button', { name: 'Save target' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Target ${id} saved.` })
      .waitFor();
  }

  test('a new URL keeps basic auth and the secret header; "None" and "Remove" drop them', async () => {
    const basic = `Basic ${Buffer.from('hook:dash-pw').toString('base64')}`;
    const s = await ruleWith('r1', [
      {
        id: 'sink',
        type: 'http',
        http: {
          url: `${sink.url}/dash-before`,
          auth: { type: 'basic', username: 'hook', password: 'dash-pw' },
          secretParameters: { headers: { 'x-token': 'dash-tok' } },
        },
      },
    ]);
    const page = await openTarget(s, 'r1', 'sink');
    assert.equal(await page.getByLabel('Authorization').inputValue(), 'basic', 'the stored auth type');
    assert.equal(await page.getByLabel('Password').inputValue(), '');
    await page.getByText('Leave blank to keep the stored password.').waitFor();
    await page.getByText('Leave blank to keep the stored username.').waitFor();
    await page
      .getByText(/Stored secret headers \(x-token\) are never shown\. Leave blank to keep them/)
      .waitFor();
    await page.getByLabel('URL', { exact: true }).fill(`${sink.url}/dash-after`);
    await save(page, 'sink');
    await page
      .getByRole('row')
      .filter({ hasText: `POST ${sink.url}/dash-after` })
      .waitFor();
    const kept = await deliveredAt(s, '/dash-after', 'kept');
    assert.equal(kept.headers.authorization, basic, 'the stored credentials still go with each call');
    assert.equal(kept.headers['x-token'], 'dash-tok');

    // One credential of the pair typed, the other blank: the form asks for both.
    await page.getByRole('button', { name: 'Edit target sink' }).click();
    await page.getByLabel('Username').fill('someone');
    await page.getByRole('button', { name: 'Save target' }).click();
    await page.getByText(/^Password is required to replace the stored credentials/).waitFor();
    await page.getByLabel('Username').fill('');
    await page.getByLabel('Authorization').selectOption('');
    await page.getByLabel('Remove the stored secret headers').check();
    assert.equal(await page.getByLabel('Secret headers', { exact: true }).isDisabled(), true);
    await page.getByLabel('URL', { exact: true }).fill(`${sink.url}/dash-bare`);
    await save(page, 'sink');
    const bare = await deliveredAt(s, '/dash-bare', 'bare');
    assert.equal(bare.headers.authorization, undefined, 'auth removed');
    assert.equal(bare.headers['x-token'], undefined, 'secret header removed');
    await page.close();
    d.noProblems();
  });

  test('an EventBridge target keeps its stored AWS credentials when they are left blank', async () => {
    const s = await ruleWith('r2', [
      {
        id: 'eb',
        type: 'eventbridge',
        eventbridge: {
          eventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/external',
          region: 'us-east-1',
          credentials: { accessKeyId: 'AKDASH', secretAccessKey: 'dash-secret-key' },
        },
      },
    ]);
    const page = await openTarget(s, 'r2', 'eb');
    await page.getByText('Leave blank to keep the stored secret access key.').waitFor();
    await page.getByLabel('Region').fill('eu-west-1');
    await save(page, 'eb');
    const listed = await h
      .http()
      .get(`/v1/event-buses/${enc(s.name)}/rules/r2/targets`)
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(listed.body.items[0].eventbridge.region, 'eu-west-1');
    assert.equal(listed.body.items[0].eventbridge.hasCredentials, true);
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ enc: string }>(
        `SELECT secrets_enc AS enc FROM targets WHERE account_id = $1 AND target_id = 'eb'`,
        [t.accountId],
      );
      const secrets = JSON.parse(new SecretBox(h.config.secretKey).open(rows[0]?.enc ?? '')) as TargetSecrets;
      assert.deepEqual(secrets.awsCredentials, { accessKeyId: 'AKDASH', secretAccessKey: 'dash-secret-key' });
    } finally {
      await db.end();
    }
    await page.close();
    d.noProblems();
  });
});
