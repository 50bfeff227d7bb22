import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { TEST_DATABASE_URL } from '#libs/testing';
import { ProcessHarness } from '../support/processes-harness.js';

// The harness that system tests and benchmarks start Hookbridge with: a gateway that never becomes
// ready fails the start at once, with its output, and leaves no database behind.
describe('the process harness', () => {
  test('a gateway that exits at start fails the start and its database is dropped', async () => {
    const h = new ProcessHarness();
    // The configuration refuses a port that is not a number, so the gateway exits before listening.
    await assert.rejects(h.start({ PORT: 'not-a-port' }), (err: Error) => {
      assert.match(err.message, /the gateway exited before it was ready/);
      assert.match(err.message, /PORT/, 'the gateway says why');
      return true;
    });
    assert.ok(h.db, 'the start had created its database');
    const name = new URL(h.db.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      assert.equal(rows.length, 0, `${name} was dropped`);
    } finally {
      await admin.end();
    }
    assert.ok(
      h.procs.every((p) => !p.running),
      'no process left running',
    );
  });
});
