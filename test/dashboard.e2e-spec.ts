import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { HttpSink, waitFor } from '#libs/testing';
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

describe('the dashboard in Chromium', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let d: Dashboard;
  const world = useDashboardWorld();
  before(() => ({ h, t, sink, d } = world));

  const signIn = (token: string): Promise<Page> => d.signIn(token);

  const send = (s: CreatedSource, body: string) => sendSigned(h, s, body);

  async function ruleWithTarget(s: CreatedSource, path: string): Promise<void> {
    await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/r1`)
      .set(as(t.accountToken))
      .send({ eventPattern: { source: [s.name] } })
      .expect(200);
    const res = await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/r1/targets`)
      .set(as(t.accountToken))
      .send({ targets: [{ id: 'sink', type: 'http', http: { url: `${sink.url}${path}` } }] })
      .expect(200);
    assert.equal(res.body.failedEntryCount, 0);
  }

  const noProblems = () => d.noProblems();

  test('an account associates a PENDING source, deactivates and activates it, without a reload', async () => {
    const s = await createSource(h, t);
    const page = await signIn(t.accountToken);
    await page.getByRole('heading', { name: 'Partner event sources' }).waitFor();
    await page.evaluate('window.notReloaded = true');
    const row = page.getByRole('row').filter({ hasText: s.name });
    await row.getByText('PENDING', { exact: true }).waitFor();
    await row.getByRole('cell', { name: t.partner, exact: true }).waitFor();

    await row.getByRole('button', { name: `Associate ${s.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Associate ${s.name}?` });
    await dialog.getByRole('button', { name: 'Associate' }).click();
    await row.getByText('ACTIVE', { exact: true }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `${s.name} is now ACTIVE.` })
      .waitFor();
    const described = await h
      .http()
      .get(`/v1/event-sources/${enc(s.name)}`)
      .set(as(t.accountToken));
    assert.equal(described.body.state, 'ACTIVE');
    await screenshot(page, 'sources');

    await row.getByRole('button', { name: `Deactivate ${s.name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.getByRole('dialog').count(), 0, 'cancel closes the dialog');
    await row.getByText('ACTIVE', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Deactivate ${s.name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('PENDING', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Activate ${s.name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Activate' }).click();
    await row.getByText('ACTIVE', { exact: true }).waitFor();
    assert.equal(await page.evaluate('window.notReloaded === true'), true, 'the page was not reloaded');
    await page.close();
    noProblems();
  });

  test('the rule editor shows the server’s pattern error inline, tests and explains', async () => {
    const s = await createSource(h, t);
    await associate(h, t, s.name);
    const page = await signIn(t.accountToken);
    await page.getByRole('link', { name: 'Buses & rules' }).click();
    await page.getByRole('link', { name: s.name, exact: true }).click();
    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByLabel('Rule name').fill('big-orders');
    const pattern = page.getByLabel('Event pattern (JSON)');

    await pattern.fill('{"detail": {');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText(/^Not valid JSON/).waitFor();
    await pattern.fill('{"detail": {"total": [{"numeric": [">"]}]}}');
    await page.getByRole('button', { name: 'Create rule' }).click();
    const fieldError = page.locator('.field-error');
    await fieldError.waitFor();
    assert.equal(await pattern.getAttribute('aria-invalid'), 'true');
    assert.match((await fieldError.textContent()) ?? '', /numeric/i, 'the server’s message is shown');
    const missing = await h
      .http()
      .get(`/v1/event-buses/${enc(s.name)}/rules/big-orders`)
      .set(as(t.accountToken));
    assert.equal(missing.status, 404, 'the invalid rule was not saved');

    await pattern.fill('{"detail": {"total": [{"numeric": [">", 100]}]}}');
    await page.getByRole('button', { name: 'Test pattern' }).click();
    await page.getByRole('status').filter({ hasText: 'The pattern matches this event.' }).waitFor();
    const event = page.getByLabel('Sample event (JSON envelope)');
    await event.fill(((await event.inputValue()) ?? '').replace('"total": 250', '"total": 5'));
    await page.getByRole('button', { name: 'Test pattern' }).click();
    await page.getByRole('status').filter({ hasText: 'The pattern does not match this event.' }).waitFor();

    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('heading', { name: 'Rule big-orders' }).waitFor();
    assert.match(page.url(), /\/rules\/big-orders$/);
    const saved = await h
      .http()
      .get(`/v1/event-buses/${enc(s.name)}/rules/big-orders`)
      .set(as(t.accountToken))
      .expect(200);
    assert.deepEqual(JSON.parse(saved.body.eventPattern), { detail: { total: [{ numeric: ['>', 100] }] } });

    await page.getByRole('button', { name: 'Explain against saved rules' }).click();
    const explained = page.getByRole('row').filter({ hasText: 'big-orders (this rule)' });
    await explained.getByText(/No match at/).waitFor();
    assert.match((await explained.textContent()) ?? '', /detail\.total/, 'the failing field is named');
    await screenshot(page, 'rule-editor');
    await page.close();
    noProblems();
  });

  test('an HTTP target made in the dashboard receives a signed webhook; the trace shows it', async () => {
    const s = await createSource(h, t);
    await associate(h, t, s.name);
    await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/r1`)
      .set(as(t.accountToken))
      .send({ eventPattern: { source: [s.name] } })
      .expect(200);
    const page = await signIn(t.accountToken);
    // A deep link: the gateway answers the app, which routes on the client.
    await page.goto(`${d.base}/buses/${enc(s.name)}/rules/r1`);
    await page.getByRole('heading', { name: 'Rule r1' }).waitFor();
    await page.getByRole('button', { name: 'Add target' }).click();
    await page.getByLabel('Target id').fill('sink');
    await page.getByLabel('URL', { exact: true }).fill(`${sink.url}/ok`);
    await page.getByLabel('Authorization').selectOption('basic');
    await page.getByLabel('Username').fill('hook');
    await page.getByLabel('Password').fill('s3cret');
    await page.getByLabel('Secret headers').fill('x-token: tok-9');
    await page.getByLabel('Body parameters').fill('team: ops');
    await page.getByLabel('Input transformer', { exact: true }).check();
    await page.getByLabel('Input paths map (JSON)').fill('{"order": "$.detail.order"}');
    await page.getByLabel('Input template').fill('{"order": <order>, "rule": <aws.events.rule-name>}');
    const preview = page.locator('.preview pre');
    await preview.filter({ hasText: '{"order":"o-1","rule":"r1"}' }).waitFor();
    await page.getByLabel('Maximum retry attempts').fill('2');
    await screenshot(page, 'target-form');
    await page.getByRole('button', { name: 'Save target' }).click();
    await page.getByRole('status').filter({ hasText: 'Target sink saved.' }).waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: `POST ${sink.url}/ok` })
      .waitFor();

    const accepted = await send(s, '{"order": "o-42"}').expect(202);
    await waitFor('the delivery at /ok', () => sink.requests.some((r) => r.url === '/ok'));
    const req = sink.requests.find((r) => r.url === '/ok');
    assert.deepEqual(
      JSON.parse(req?.body ?? ''),
      { order: 'o-42', rule: 'r1', team: 'ops' },
      'shaped by the input transformer, with the body parameter',
    );
    assert.equal(req?.headers.authorization, `Basic ${Buffer.from('hook:s3cret').toString('base64')}`);
    assert.equal(req?.headers['x-token'], 'tok-9');

    // Search lists the last day's events, finds this one by source, and its link opens the trace.
    const other = await createSource(h, t);
    await send(other, '{"other": true}').expect(202);
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('row').filter({ hasText: other.name }).waitFor();
    await page.getByLabel('Source', { exact: true }).fill(s.name);
    await page.getByRole('button', { name: 'Search' }).click();
    const found = page.getByRole('row').filter({ hasText: s.name });
    await found.getByText('routed', { exact: true }).waitFor();
    // Other tests' events are in the last day too: only the header and this event remain.
    await waitFor('only this source’s event', async () => (await page.getByRole('row').count()) === 2);
    await found.getByRole('link', { name: accepted.body.eventId as string }).click();
    const delivery = page.getByRole('article', { name: 'Delivery to sink' });
    await delivery.getByRole('heading').getByText('succeeded', { exact: true }).waitFor();
    const attempt = delivery.getByRole('row').filter({ hasText: 'succeeded' });
    await attempt.getByRole('cell', { name: '200', exact: true }).waitFor();
    await page.getByLabel('Event envelope').filter({ hasText: '"o-42"' }).waitFor();
    await screenshot(page, 'event-trace');
    await page.close();
    noProblems();
  });

  test('keyboard only, and usable at 390 px without horizontal scrolling', async () => {
    const s = await createSource(h, t);
    await associate(h, t, s.name);
    await ruleWithTarget(s, '/narrow');
    const accepted = await send(s, '{"order": "o-390"}').expect(202);

    const page = await d.browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(d.base);
    await page.getByLabel('API key or admin token').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type(t.accountToken);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Partner event sources' }).waitFor();
    const focused = () =>
      page.evaluate('`${document.activeElement?.tagName} ${document.activeElement?.textContent}`');
    assert.equal(await focused(), 'H1 Partner event sources', 'signed in, focus is on the new screen');
    const focusedLabel = () => page.evaluate("document.activeElement?.textContent ?? ''");
    for (let i = 0; i < 12 && (await focusedLabel()) !== 'Dead letters'; i++)
      await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedLabel(), 'Dead letters', 'the navigation is reachable with Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
    assert.equal(
      await page.evaluate('document.activeElement?.tagName'),
      'H1',
      'focus moves to the new screen',
    );

    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    await page.getByRole('link', { name: 'Sources', exact: true }).click();
    await page.getByRole('row').filter({ hasText: s.name }).waitFor();
    assert.ok((await overflow()) <= 0, 'sources fit 390 px');
    await screenshot(page, 'sources-390', false);
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByLabel('Event id').fill(accepted.body.eventId as string);
    await page.getByRole('button', { name: 'Open event' }).click();
    await page
      .getByRole('article', { name: 'Delivery to sink' })
      .getByRole('heading')
      .getByText('succeeded', { exact: true })
      .waitFor();
    assert.ok((await overflow()) <= 0, 'the event trace fits 390 px');
    await screenshot(page, 'event-trace-390');
    await page.goto(`${d.base}/buses/${enc(s.name)}/rules/r1`);
    await page.getByRole('button', { name: 'Add target' }).click();
    await page.getByLabel('Target id').waitFor();
    assert.ok((await overflow()) <= 0, 'the rule editor and target form fit 390 px');
    await page.close();
    noProblems();
  });
});
