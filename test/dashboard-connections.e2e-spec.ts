import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { HttpSink, type SinkRequest, waitFor } from '#libs/testing';
import { type Dashboard, useDashboardWorld, screenshot } from './support/browser.js';
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

// Connections and API destinations in the dashboard: created in the UI, named by a rule target,
// called with the connection's API key; deauthorized in the UI, which disables the target.

describe('connections and API destinations in the dashboard', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let d: Dashboard;
  let s: CreatedSource;
  const world = useDashboardWorld();
  before(async () => {
    ({ h, t, sink, d } = world);
    s = await createSource(h, t);
    await associate(h, t, s.name);
    await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/all`)
      .set(as(t.accountToken))
      .send({ eventPattern: { source: [s.name] } })
      .expect(200);
  });

  /** Sends a webhook with a marker and waits for its call at `/dash`. */
  const delivered = async (marker: string): Promise<SinkRequest> => {
    await sendSigned(h, s, { marker }).expect(202);
    return waitFor(`the call with ${marker}`, () =>
      sink.requests.find((r) => r.url === '/dash' && r.body.includes(marker)),
    );
  };
  const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();
  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

  async function createConnection(page: Page): Promise<void> {
    await nav(page, 'Connections');
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await page.getByText('No connections yet.').waitFor();
    await page.getByLabel('Connection name').fill('dash-key');
    await page.getByLabel('Authorization type').selectOption('API_KEY');
    await page.getByLabel('Header name').fill('x-api-key');
    await page.getByLabel('API key value').fill('dash-key-1');
    const params = 'Invocation parameters: Header';
    await page.getByRole('button', { name: 'Add header (Invocation parameters)' }).click();
    await page.getByLabel(`${params} 1 name`).fill('x-plain');
    await page.getByLabel(`${params} 1 value`).fill('p');
    await page.getByRole('button', { name: 'Add header (Invocation parameters)' }).click();
    await page.getByLabel(`${params} 2 name`).fill('x-token');
    await page.getByLabel(`${params} 2 secret`).check();
    await page.getByLabel(`${params} 2 value`).fill('dash-token');
    await screenshot(page, 'connections');
    await page.getByRole('button', { name: 'Create connection' }).click();
    await status(page, 'Created connection dash-key.');
    const row = page.getByRole('row').filter({ hasText: 'dash-key' });
    await row.getByText('API key', { exact: true }).waitFor();
    await row.getByText('AUTHORIZED', { exact: true }).waitFor();
  }

  async function createDestination(page: Page): Promise<void> {
    await nav(page, 'API destinations');
    await page.getByRole('heading', { name: 'API destinations', level: 1 }).waitFor();
    await page.getByLabel('Destination name').fill('dash-dest');
    await page.getByLabel('Connection', { exact: true }).selectOption('dash-key');
    await page.getByLabel('Invocation endpoint').fill(`${sink.url}/dash`);
    await page.getByRole('button', { name: 'Create API destination' }).click();
    await status(page, 'Created API destination dash-dest.');
    const row = page.getByRole('row').filter({ hasText: 'dash-dest' });
    await row.getByRole('link', { name: 'dash-key' }).waitFor();
    await row.getByText('AUTHORIZED', { exact: true }).waitFor();
    await row.getByText(`POST ${sink.url}/dash`).waitFor();
  }

  async function addTarget(page: Page): Promise<void> {
    await page.goto(`${d.base}/buses/${enc(s.name)}/rules/all`);
    await page.getByRole('button', { name: 'Add target' }).click();
    await page.getByLabel('Target id').fill('dest');
    await page.getByRole('radio', { name: 'API destination' }).check();
    await page.getByRole('combobox', { name: 'API destination' }).selectOption('dash-dest');
    await page.getByText('Connection dash-key').waitFor();
    await page.getByRole('button', { name: 'Save target' }).click();
    await status(page, 'Target dest saved.');
    await page.getByRole('row').filter({ hasText: 'API destination dash-dest' }).waitFor();
  }

  test('create a connection and a destination, target it from a rule, deauthorize and authorize again', async () => {
    const page = await d.signIn(t.accountToken);
    await createConnection(page);
    await createDestination(page);
    await addTarget(page);
    const first = await delivered('first');
    assert.deepEqual(
      [first.headers['x-api-key'], first.headers['x-plain'], first.headers['x-token']],
      ['dash-key-1', 'p', 'dash-token'],
    );

    // The connection's page names the secret parameter without its value.
    await nav(page, 'Connections');
    await page.getByRole('link', { name: 'dash-key' }).click();
    await page.getByRole('heading', { name: 'Connection dash-key' }).waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: 'x-token' })
      .getByText('secret (never shown)')
      .waitFor();
    await page.getByRole('listitem').filter({ hasText: 'x-plain' }).getByText('p', { exact: true }).waitFor();
    await page.getByText('dash-dest').waitFor();
    const html = await page.content();
    for (const secret of ['dash-key-1', 'dash-token']) assert.ok(!html.includes(secret), secret);
    await screenshot(page, 'connection');

    await page.getByRole('button', { name: 'Deauthorize' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deauthorize connection dash-key?' });
    await dialog.getByText('the targets of its 1 API destination are disabled').waitFor();
    await dialog.getByRole('button', { name: 'Deauthorize' }).click();
    await status(page, 'Connection dash-key is deauthorized.');
    await page.locator('.facts').getByText('DEAUTHORIZED', { exact: true }).waitFor();
    await page.getByText('secret (never shown)').waitFor({ state: 'detached' });

    // Its target is disabled: a new event is kept as a skipped delivery and nothing is called.
    const calls = sink.requests.length;
    const eventId = (await sendSigned(h, s, { marker: 'locked' }).expect(202)).body.eventId as string;
    await waitFor('the delivery to be skipped', async () => {
      const trace = await h.http().get(`/v1/events/${eventId}`).set(as(t.accountToken));
      return trace.body.deliveries?.[0]?.state === 'skipped';
    });
    assert.equal(sink.requests.length, calls, 'nothing sent while deauthorized');

    // Editing asks for the removed credential; saving it authorizes the connection again.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByText('Required: the connection is deauthorized, its credentials were removed.').waitFor();
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText(/^API key value is required/).waitFor();
    await page.getByLabel('API key value').fill('dash-key-2');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await status(page, 'Connection dash-key saved; it is AUTHORIZED.');
    const again = await delivered('again');
    assert.equal(again.headers['x-api-key'], 'dash-key-2');
    assert.equal(again.headers['x-token'], undefined, 'the secret parameter went with the deauthorization');

    await page.goto(`${d.base}/buses/${enc(s.name)}/rules/all`);
    await page
      .getByRole('row')
      .filter({ hasText: 'API destination dash-dest' })
      .getByText('ENABLED')
      .waitFor();
    await page.close();
    d.noProblems();
  });
});
