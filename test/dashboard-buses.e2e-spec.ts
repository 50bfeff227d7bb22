import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '#libs/testing';
import { useDashboardWorld } from './support/browser.js';
import { as } from './support/fixtures.js';

// Event buses in the dashboard: a custom bus is created with a description, which its page edits.

describe('event buses in the dashboard', () => {
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
});
