import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { HttpSink, waitFor } from '#libs/testing';
import { type Dashboard, useDashboardWorld, screenshot } from './support/browser.js';
import type { Harness } from './support/harness.js';
import { as, createPipeline, sendSigned, type Tenant } from './support/fixtures.js';

describe('dead letters in the dashboard', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let d: Dashboard;
  /** Paths the sink answers with 400 (a dead letter at once). */
  const rejecting = new Set<string>();
  const world = useDashboardWorld();
  before(async () => {
    ({ h, t, sink, d } = world);
    sink.respond = (r) => (rejecting.has(r.url) ? { status: 400, body: '{"why":"bad"}' } : { status: 200 });
  });

  const signIn = (token: string): Promise<Page> => d.signIn(token);
  const noProblems = () => d.noProblems();
  const sinkTarget = (path: string) => {
    rejecting.add(path);
    return { id: 'sink', type: 'http', http: { url: `${sink.url}${path}` } };
  };
  const deadLetters = async (bus: string): Promise<Array<{ id: string }>> =>
    (
      await h
        .http()
        .get('/v1/deliveries')
        .query({ state: 'dead_letter', bus, limit: 500 })
        .set(as(t.accountToken))
        .expect(200)
    ).body.items;

  test('a target answering 400 dead-letters; the dead letter is redriven after a dry-run count', async () => {
    const s = await createPipeline(h, t, [sinkTarget('/reject')]);
    const accepted = await sendSigned(h, s, '{"order": "o-400"}').expect(202);
    const eventId = accepted.body.eventId as string;
    const dl = await waitFor('the dead letter', async () => {
      const r = await h
        .http()
        .get('/v1/deliveries')
        .query({ state: 'dead_letter', bus: s.name })
        .set(as(t.accountToken));
      return r.body.items[0] as { id: string } | undefined;
    });

    const page = await signIn(t.accountToken);
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await page.getByLabel('Bus', { exact: true }).fill(s.name);
    await page.getByRole('button', { name: 'Apply filter' }).click();
    const row = page.getByRole('row').filter({ has: page.getByLabel(`Select dead letter ${dl.id}`) });
    await row.getByText('HTTP_400').waitFor();
    await waitFor('only the filtered dead letter', async () => (await page.getByRole('row').count()) === 2);
    await screenshot(page, 'dead-letters');

    // The trace shows the failed attempt with its status code.
    await row.getByRole('link').click();
    const delivery = page.getByRole('article', { name: 'Delivery to sink' });
    await delivery.getByRole('heading').getByText('dead letter', { exact: true }).waitFor();
    await delivery.getByRole('cell', { name: '400', exact: true }).waitFor();
    await page.goBack();

    // The error code filters on the server: another code matches nothing, this one the dead letter.
    await page.getByLabel('Error code').fill('HTTP_500');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.getByText('No dead letters match.').waitFor();
    await page.getByLabel('Error code').fill('HTTP_400');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await row.getByText('HTTP_400').waitFor();

    rejecting.delete('/reject');
    await page.getByLabel(`Select dead letter ${dl.id}`).check();
    await page.getByRole('button', { name: 'Redrive selected (1)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Redrive 1 dead letter?' });
    await dialog.getByRole('button', { name: 'Redrive 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Redriven 1 of 1 dead letter.' }).waitFor();
    await page.getByText('No dead letters match.').waitFor();
    await waitFor('the redriven delivery to succeed', async () => {
      const r = await h.http().get(`/v1/events/${eventId}`).set(as(t.accountToken));
      return r.body.deliveries?.[0]?.state === 'succeeded';
    });
    const hits = sink.requests.filter((r) => r.url === '/reject' && JSON.parse(r.body).id === eventId);
    assert.equal(hits.length, 2, 'delivered once more after the redrive');
    await page.close();
    noProblems();
  });

  test('the list shows 100 dead letters a page; Load more fetches the rest', async () => {
    const s = await createPipeline(h, t, [sinkTarget('/many')]);
    for (let i = 0; i < 101; i++) await sendSigned(h, s, { n: i }).expect(202);
    await waitFor('101 dead letters', async () => (await deadLetters(s.name)).length === 101, 30_000);

    const page = await signIn(t.accountToken);
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await page.getByLabel('Bus', { exact: true }).fill(s.name);
    await page.getByRole('button', { name: 'Apply filter' }).click();
    const rows = page.getByRole('row');
    // A header row and the first page.
    await waitFor('the first page', async () => (await rows.count()) === 101);
    await page.getByRole('button', { name: 'Load more' }).click();
    await waitFor('the second page', async () => (await rows.count()) === 102);
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0, 'nothing more to load');
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await page.getByRole('button', { name: 'Redrive selected (101)' }).waitFor();
    await page.close();
    noProblems();
  });
});
