import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '#libs/testing';
import { useDashboardWorld } from './support/browser.js';
import { as } from './support/fixtures.js';

// Event buses in the dashboard (a custom bus is created with a description, which its page edits;
// the list shows them all, however many pages the API gives), and searching events with a pattern.

describe('buses and event search in the dashboard', () => {
  const w = useDashboardWorld();

  test('create a custom bus with a description, then change and remove it on the bus page', async () => {
    const { h, t, d } = w;
    const described = async () =>
      (await h.http().get('/v1/event-buses/orders').set(as(t.accountToken)).expect(200)).body.description;
    const page = await d.signIn(t.accountToken);
    await page.getByRole('link', { name: 'Buses & rules', exact: true }).click();
    await page.getByRole('heading', { name: 'Event buses', level: 1 }).waitFor();
    await page.getByLabel('Bus name').fill('orders');
    await page.getByLabel('Description (optional)').fill('Orders from the shop');
    await page.getByRole('button', { name: 'Create bus' }).click();
    const row = page.getByRole('row').filter({ hasText: 'orders' });
    await row.getByRole('cell', { name: 'Orders from the shop', exact: true }).waitFor();
    assert.equal(await described(), 'Orders from the shop');

    await row.getByRole('link', { name: 'orders', exact: true }).click();
    await page.getByRole('heading', { name: 'Bus orders' }).waitFor();
    const field = page.getByLabel('Description', { exact: true });
    assert.equal(await field.inputValue(), 'Orders from the shop');
    await field.fill('Orders, all regions');
    await page.getByRole('button', { name: 'Save description' }).click();
    await page.getByRole('status').filter({ hasText: 'Description saved.' }).waitFor();
    await waitFor('the new description stored', async () => (await described()) === 'Orders, all regions');

    await field.fill('');
    await page.getByRole('button', { name: 'Save description' }).click();
    await page.getByRole('status').filter({ hasText: 'Description removed.' }).waitFor();
    await waitFor('the description removed', async () => (await described()) === undefined);
    d.noProblems();
  });

  test('the events screen finds the events an event pattern matches', async () => {
    const { h, t, d } = w;
    const put = await h
      .http()
      .post('/v1/events')
      .set(as(t.accountToken))
      .send({
        entries: [50, 150, 250].map((total) => ({ source: 'shop', detailType: 'order', detail: { total } })),
      })
      .expect(200);
    const [small, mid, large] = (put.body.entries as Array<{ eventId: string }>).map((e) => e.eventId);
    const page = await d.signIn(t.accountToken);
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('link', { name: small as string }).waitFor();
    await page
      .getByLabel('Event pattern (optional)')
      .fill(JSON.stringify({ detail: { total: [{ numeric: ['>', 100] }] } }));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: '2 matching of 3 events looked at.' }).waitFor();
    await page.getByRole('link', { name: mid as string }).waitFor();
    await page.getByRole('link', { name: large as string }).waitFor();
    assert.equal(await page.getByRole('link', { name: small as string }).count(), 0);

    await page.getByLabel('Event pattern (optional)').fill('{"detail": {"total": [{"numeric": [">>", 1]}]}}');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('InvalidEventPatternException', { exact: false }).first().waitFor();
    d.noProblems();
  });

  test('the buses screen shows every bus, past the API page of 100', async () => {
    const { h, t, d } = w;
    for (let i = 0; i <= 100; i++)
      await h
        .http()
        .post('/v1/event-buses')
        .set(as(t.accountToken))
        .send({ name: `many-${String(i).padStart(3, '0')}` })
        .expect(201);
    const page = await d.signIn(t.accountToken);
    await page.getByRole('link', { name: 'Buses & rules', exact: true }).click();
    await page.getByRole('heading', { name: 'Event buses', level: 1 }).waitFor();
    // Sorted by name, the last buses are on the API's second page.
    await page.getByRole('link', { name: 'many-100', exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: /^many-\d{3}$/ }).count(), 101);
    d.noProblems();
  });
});
