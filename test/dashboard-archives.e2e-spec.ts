import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { HttpSink, waitFor } from '#libs/testing';
import { type Dashboard, useDashboardWorld, screenshot } from './support/browser.js';
import type { Harness } from './support/harness.js';
import { as, type Tenant } from './support/fixtures.js';
import { busWithRules, putRouted, replayIn } from './support/archive-fixtures.js';

describe('archives and replays in the dashboard', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let d: Dashboard;
  const orders = `orders-${process.pid}`;
  const copies = `copies-${process.pid}`;
  // One event per slice with a pause between slices, so the replay is seen moving.
  const world = useDashboardWorld({
    HOOKBRIDGE_REPLAY_SLICE_SIZE: '1',
    HOOKBRIDGE_REPLAY_SLICE_DELAY_MS: '300',
  });
  before(async () => {
    ({ h, t, sink, d } = world);
    await busWithRules(h, t, orders, { live: { source: ['test.orders'] } }, sink.url);
    await busWithRules(h, t, copies, { hook: { source: ['test.orders'] } }, sink.url);
  });

  const signIn = (token: string): Promise<Page> => d.signIn(token);

  const noProblems = () => d.noProblems();

  test('archive a bus, dry-run a pattern, replay to one target and watch it complete', async () => {
    const page = await signIn(t.accountToken);
    await page.getByRole('link', { name: 'Archives', exact: true }).click();
    await page.getByRole('heading', { name: 'Archives', level: 1 }).waitFor();
    await page.getByText('No archives yet.').waitFor();

    await page.getByLabel('Archive name').fill('orders-arc');
    await page.getByLabel('Event bus').selectOption(orders);
    await page.getByLabel('Retention (days)').fill('30');
    const archivePattern = page.getByLabel('Archive pattern (JSON, optional)');
    await archivePattern.fill('{"detail": {"total": [{"numeric": [">"]}]}}');
    await page.getByRole('button', { name: 'Create archive' }).click();
    await page.locator('.field-error').waitFor();
    assert.equal(await archivePattern.getAttribute('aria-invalid'), 'true', 'the server’s error is inline');
    await archivePattern.fill('{"source": ["test.orders"]}');
    await page.getByRole('button', { name: 'Create archive' }).click();
    await page.getByRole('status').filter({ hasText: 'Created archive orders-arc.' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'orders-arc' });
    await row.getByText('30 days').waitFor();

    const now = Date.now();
    await putRouted(
      h,
      t,
      orders,
      [50, 150, 250].map((total, i) => ({ detail: { total }, time: new Date(now - (3 - i) * 1000) })),
    );
    await waitFor('three archived events', async () => {
      const r = await h.http().get('/v1/archives/orders-arc').set(as(t.accountToken));
      return r.body.eventCount === 3;
    });
    await page.reload();
    await row.getByRole('cell', { name: '3', exact: true }).waitFor();

    await row.getByRole('button', { name: 'Dry run on orders-arc' }).click();
    await page
      .getByLabel('Rule pattern to try (JSON)')
      .fill('{"detail": {"total": [{"numeric": [">", 100]}]}}');
    await page.getByRole('button', { name: 'Run dry run' }).click();
    await page.getByRole('status').filter({ hasText: 'Matched 2 of 3 archived events scanned.' }).waitFor();
    assert.equal(
      await page.getByRole('table', { name: 'Sample of matching events' }).getByRole('row').count(),
      3,
      'a header and two sample rows',
    );
    await screenshot(page, 'archives');

    await page.getByRole('link', { name: 'Replays', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Replays', level: 1 }).waitFor();
    await page.evaluate('window.notReloaded = true');
    await page.getByLabel('Replay name').fill('ui-replay');
    await page.getByLabel('Archive', { exact: true }).selectOption('orders-arc');
    await page.getByLabel('Destination bus').selectOption(copies);
    await page.getByLabel('One target').check();
    await page.getByLabel('Rule', { exact: true }).selectOption('hook');
    await page.getByLabel('Target', { exact: true }).selectOption('sink');
    await page.getByRole('button', { name: 'Start replay' }).click();

    await page.getByRole('heading', { name: 'Replay ui-replay' }).waitFor();
    const badge = page.locator('.replay-state .badge');
    const seen = new Set<string>();
    await waitFor(
      'the replay to show COMPLETED',
      async () => {
        seen.add((await badge.textContent()) ?? '');
        return seen.has('COMPLETED');
      },
      20_000,
      50,
    );
    assert.ok(seen.size >= 2, `progress was shown before completion: ${[...seen].join(', ')}`);
    await page.getByText('3 / 3 events (100%)').waitFor();
    assert.equal(await page.evaluate('window.notReloaded === true'), true, 'polled without a reload');
    assert.equal(
      await page.getByRole('button', { name: 'Cancel replay' }).count(),
      0,
      'a finished replay offers no cancel',
    );

    const done = await replayIn(h, t, 'ui-replay', 'COMPLETED');
    assert.deepEqual(done.destination, { bus: copies, rule: 'hook', target: 'sink' });
    const replayed = () =>
      sink.requests.filter((r) => r.url === '/hook' && JSON.parse(r.body)['replay-name'] === 'ui-replay');
    await waitFor('three replayed events at the sink', () => replayed().length >= 3);
    assert.equal(
      sink.requests.filter((r) => r.url === '/live' && JSON.parse(r.body)['replay-name'] === 'ui-replay')
        .length,
      0,
      'the live rule of the archive’s bus does not get the replay',
    );

    await page.getByRole('link', { name: 'All replays' }).click();
    const listed = page.getByRole('row').filter({ hasText: 'ui-replay' });
    await listed.getByText('COMPLETED', { exact: true }).waitFor();
    await listed.getByText('3 / 3 events (100%)').waitFor();
    await screenshot(page, 'replays');
    await page.close();
    noProblems();
  });

  test('a running replay is cancelled after confirmation; the screens fit 390 px', async () => {
    const now = Date.now();
    await putRouted(
      h,
      t,
      orders,
      Array.from({ length: 20 }, (_, i) => ({ detail: { total: i }, time: new Date(now - 60_000 + i) })),
    );
    await waitFor('the events archived', async () => {
      const r = await h.http().get('/v1/archives/orders-arc').set(as(t.accountToken));
      return r.body.eventCount >= 23;
    });
    const page = await signIn(t.accountToken);
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    await page.getByRole('link', { name: 'Replays', exact: true }).click();
    await page.getByLabel('Replay name').fill('to-cancel');
    await page.getByLabel('Destination bus').selectOption(copies);
    assert.ok((await overflow()) <= 0, 'the replays screen fits 390 px');
    await page.getByRole('button', { name: 'Start replay' }).click();
    await page.getByRole('heading', { name: 'Replay to-cancel' }).waitFor();
    await page.getByRole('button', { name: 'Cancel replay' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel replay to-cancel?' });
    await dialog.getByRole('button', { name: 'Cancel replay' }).click();
    await page.locator('.replay-state').getByText('CANCELLED', { exact: true }).waitFor({ timeout: 15_000 });
    assert.ok((await overflow()) <= 0, 'the replay view fits 390 px');
    const r = await h.http().get('/v1/replays/to-cancel').set(as(t.accountToken)).expect(200);
    assert.equal(r.body.state, 'CANCELLED');
    assert.ok(r.body.progress.eventsReplayed < r.body.progress.eventsTotal, 'cancelled before the end');

    await page.getByRole('link', { name: 'Archives', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'orders-arc' }).waitFor();
    assert.ok((await overflow()) <= 0, 'the archives screen fits 390 px');
    await page.getByRole('button', { name: 'Delete archive orders-arc' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete archive' }).click();
    await page.getByText('No archives yet.').waitFor();
    await h.http().get('/v1/archives/orders-arc').set(as(t.accountToken)).expect(404);
    await page.close();
    noProblems();
  });
});
