import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDashboardWorld } from './support/browser.js';
import { as } from './support/fixtures.js';

// The rule editor replaces the rule on save (a REST PUT), so it shows the rule's IAM role ARN and
// sends it back: saving a rule that Terraform gave a RoleArn must not remove it.

describe('the rule editor in the dashboard', () => {
  const w = useDashboardWorld();
  const ROLE = 'arn:aws:iam::111122223333:role/eb-invoke';

  test('saving a rule keeps its IAM role ARN; clearing the field removes it; a malformed one is refused', async () => {
    const { h, t, d } = w;
    const stored = async () =>
      (await h.http().get('/v1/event-buses/default/rules/r-role').set(as(t.accountToken)).expect(200))
        .body as { roleArn?: string; description?: string };
    await h
      .http()
      .put('/v1/event-buses/default/rules/r-role')
      .set(as(t.accountToken))
      .send({ eventPattern: { source: ['shop'] }, roleArn: ROLE })
      .expect(200);
    const page = await d.signIn(t.accountToken);
    await page.goto(`${d.base}/buses/default/rules/r-role`);
    await page.getByRole('heading', { name: 'Rule r-role' }).waitFor();
    const role = page.getByLabel('IAM role ARN (optional)');
    assert.equal(await role.inputValue(), ROLE);
    const save = async () => {
      await page.getByRole('button', { name: 'Save rule' }).click();
      await page.getByRole('status').filter({ hasText: 'Rule saved.' }).waitFor();
    };

    await page.getByLabel('Description', { exact: true }).fill('orders');
    await save();
    const saved = await stored();
    assert.deepEqual([saved.description, saved.roleArn], ['orders', ROLE]);

    // Each save clears the last one's status and error, so the waits below see their own outcome.
    await role.fill('not-a-role');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('alert').filter({ hasText: 'ValidationException' }).waitFor();
    assert.equal((await stored()).roleArn, ROLE, 'a refused save changes nothing');

    await role.fill('');
    await save();
    assert.equal((await stored()).roleArn, undefined);
    d.noProblems();
  });
});
