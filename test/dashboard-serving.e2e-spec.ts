import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { admin, enc } from './support/fixtures.js';

describe('the gateway serves the dashboard', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ worker: false });
  });
  after(async () => h.close());

  test('GET / and client routes answer the app; its assets are immutable', async () => {
    const index = await h.http().get('/').expect(200);
    assert.match(index.headers['content-type'] ?? '', /^text\/html/);
    assert.match(index.text, /<div id="root"><\/div>/);
    assert.match(index.headers['content-security-policy'] ?? '', /default-src 'self'/);
    const deep = await h
      .http()
      .get(`/buses/${enc('aws.partner/x.com/y')}/rules/r1`)
      .expect(200);
    assert.equal(deep.text, index.text, 'a client route reloads into the app');
    const dotted = await h
      .http()
      .get(`/partner/sources/${enc('aws.partner/github.com')}`)
      .expect(200);
    assert.equal(dotted.text, index.text, 'a name with dots is a route, not a file');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    assert.ok(script, 'index.html references its script');
    const js = await h.http().get(script).expect(200);
    assert.match(js.headers['content-type'] ?? '', /^text\/javascript/);
    assert.match(js.headers['cache-control'] ?? '', /immutable/);
  });

  test('server paths are never shadowed, and nothing outside the build is served', async () => {
    const api = await h.http().get('/v1/no-such-thing').expect(404);
    assert.equal(api.body.error.code, 'NotFound');
    await h.http().get('/v1/accounts').set(admin(h)).expect(200);
    assert.deepEqual((await h.http().get('/health/live').expect(200)).body, { status: 'ok' });
    assert.match((await h.http().get('/metrics').expect(200)).text, /# HELP/);
    const ingest = await h.http().get('/ingest/whatever');
    assert.doesNotMatch(ingest.text, /id="root"/);
    await h.http().get('/assets/missing-1234.js').expect(404);
    await h.http().get('/favicon.ico').expect(404);
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2f..%2fpackage.json',
    ]) {
      const res = await h.http().get(path);
      assert.doesNotMatch(res.text, /"name": "hookbridge"/, path);
    }
    // POST / belongs to the EventBridge-compatible API, whatever it answers.
    const post = await h.http().post('/').send({});
    assert.doesNotMatch(post.text, /id="root"/);
  });
});
