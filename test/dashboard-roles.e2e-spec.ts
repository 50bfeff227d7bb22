import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { waitFor } from '#libs/testing';
import { type Dashboard, openDashboard, screenshot } from './support/browser.js';
import { startHarness, type Harness } from './support/harness.js';
import { admin, as, createSource, createTenant, enc, sendSigned, type Tenant } from './support/fixtures.js';

describe('partners and the admin token in the dashboard', () => {
  let h: Harness;
  let t: Tenant;
  let d: Dashboard;
  before(async () => {
    h = await startHarness();
    t = await createTenant(h);
    d = await openDashboard(h);
  });
  after(async () => {
    await d?.close();
    await h?.close();
  });

  const signIn = (token: string): Promise<Page> => d.signIn(token);
  const noProblems = () => d.noProblems();

  test('a partner sees its sources per account, rotates a secret and creates a source', async () => {
    const s = await createSource(h, t);
    const page = await signIn(t.partnerToken);
    await page.getByRole('heading', { name: 'Your event sources' }).waitFor();
    await page.getByRole('link', { name: s.name, exact: true }).click();
    await page.getByText(new RegExp(`/ingest/${s.ingestPath.split('/').pop()}$`)).waitFor();
    const perAccount = page.getByRole('row').filter({ hasText: t.accountId });
    await perAccount.getByText('PENDING', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add a secret' }).click();
    const secretBox = page.locator('.note-secret input');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    assert.ok(secret.length >= 16, 'a generated secret is shown once');
    await screenshot(page, 'partner-source');
    await sendSigned(h, { ...s, secret }, '{"rotated": true}').expect(202);

    const oldId = (s.body.verification as { secrets: Array<{ id: string }> }).secrets[0]?.id;
    assert.ok(oldId);
    await page.getByLabel('Secret id to retire').fill(oldId);
    await page.getByRole('button', { name: 'Retire secret' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Retire secret' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Secret ${oldId} retired.` })
      .waitFor();
    await waitFor(
      'the old secret to be refused',
      async () => (await sendSigned(h, s, '{"old": true}')).status === 401,
    );

    await page.getByRole('link', { name: 'New source' }).first().click();
    const name = `aws.partner/${t.partner}/from-ui-${Date.now()}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Customer account id').fill(t.accountId);
    await page.getByRole('button', { name: 'Create source' }).click();
    await page.getByRole('heading', { name: `Created ${name}` }).waitFor();
    await page.locator('.note-secret input').waitFor();
    const offered = await h
      .http()
      .get(`/v1/event-sources/${enc(name)}`)
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(offered.body.state, 'PENDING');
    await page.close();
    noProblems();
  });

  test('the admin token switches between accounts and partners', async () => {
    const other = await createTenant(h);
    const s = await createSource(h, other);
    const accounts = (await h.http().get('/v1/accounts').set(admin(h)).expect(200)).body.items as Array<{
      accountId: string;
      name: string;
    }>;
    const name = accounts.find((a) => a.accountId === other.accountId)?.name;
    assert.ok(name);
    const page = await signIn(h.config.adminToken);
    await page.getByRole('heading', { name: 'Choose an account or partner' }).waitFor();
    await page.getByRole('button', { name: `Open account ${name}` }).click();
    await page.getByRole('row').filter({ hasText: s.name }).getByText('PENDING', { exact: true }).waitFor();
    await page.getByText(`account ${name} ${other.accountId}`).waitFor();
    await page.getByRole('link', { name: 'Switch' }).click();
    await page.getByRole('button', { name: `Open partner ${other.partner}` }).click();
    await page.getByRole('link', { name: s.name, exact: true }).waitFor();
    await page.close();
    noProblems();
  });
});
