import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { admin, as, associate, createSource, createTenant, enc, type Tenant } from './support/fixtures.js';

// The REST API's contract at its edges: what a demanding client sends by mistake (a target id
// twice, a query parameter twice, a body that is not JSON, an unknown filter member, a long name)
// gets a clear 4xx and changes nothing; what it sends correctly is served.

describe('REST contract at the edges', () => {
  let h: Harness;
  let t: Tenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
    await h
      .http()
      .put('/v1/event-buses/default/rules/r')
      .set(as(t.accountToken))
      .send({ eventPattern: { source: ['x'] } })
      .expect(200);
  });
  after(async () => h?.close());

  const account = () => as(t.accountToken);
  const targetsOf = async (rule: string) =>
    (await h.http().get(`/v1/event-buses/default/rules/${rule}/targets`).set(account()).expect(200)).body
      .items as Array<{ id: string; type: string }>;

  test('PUT …/targets with one target id twice is a 400 naming the id, and stores nothing', async () => {
    const http = (url: string) => ({ id: 'dup', type: 'http', http: { url } });
    for (const targets of [
      [http('https://example.com/a'), http('https://example.com/b')],
      [
        { id: 'ok', type: 'bus', bus: { name: 'default' } },
        http('https://example.com/a'),
        http('https://x.org'),
      ],
      [http('https://example.com/a'), { id: 'dup', type: 'api-destination', apiDestination: { name: 'd' } }],
    ]) {
      const res = await h
        .http()
        .put('/v1/event-buses/default/rules/r/targets')
        .set(account())
        .send({ targets })
        .expect(400);
      assert.equal(res.body.error.code, 'ValidationException');
      assert.match(res.body.error.message, /targets\.\d\.id: target id 'dup' is given more than once/);
    }
    assert.deepEqual(await targetsOf('r'), []);
    // Distinct ids in one request are all stored.
    await h
      .http()
      .put('/v1/event-buses/default/rules/r/targets')
      .set(account())
      .send({ targets: [http('https://example.com/a'), { ...http('https://example.com/b'), id: 'other' }] })
      .expect(200);
    assert.deepEqual((await targetsOf('r')).map((x) => x.id).sort(), ['dup', 'other']);
  });

  test('a query parameter given twice is a 400, never a 500', async () => {
    const src = await createSource(h, t);
    const partner = as(t.partnerToken);
    const calls: Array<[string, () => ReturnType<ReturnType<Harness['http']>['get']>]> = [
      ['buses', () => h.http().get('/v1/event-buses?namePrefix=a&namePrefix=b').set(account())],
      ['sources', () => h.http().get('/v1/event-sources?namePrefix=a&namePrefix=b').set(account())],
      ['partner', () => h.http().get('/v1/partner-event-sources?namePrefix=a&namePrefix=b').set(partner)],
      [
        'targets',
        () => h.http().delete('/v1/event-buses/default/rules/r/targets?ids=a&ids=b').set(account()),
      ],
      [
        'source',
        () =>
          h
            .http()
            .delete(`/v1/partner-event-sources/${enc(src.name)}?account=1&account=2`)
            .set(partner),
      ],
    ];
    for (const [what, call] of calls) {
      const res = await call();
      assert.equal(res.status, 400, `${what}: ${res.text}`);
      assert.equal(res.body.error.code, 'ValidationException');
    }
    // Given once, they still work.
    const list = await h.http().get('/v1/event-sources?namePrefix=aws.partner/').set(account()).expect(200);
    assert.ok(list.body.items.some((s: { name: string }) => s.name === src.name));
    const missing = await h.http().delete('/v1/event-buses/default/rules/r/targets').set(account());
    assert.equal(missing.status, 400);
    assert.match(missing.body.error.message, /Query parameter ids/);
  });

  test('names of up to 256 characters can be read, changed and deleted through their paths', async () => {
    const bus = `b${'x'.repeat(255)}`;
    await h.http().post('/v1/event-buses').set(account()).send({ name: bus }).expect(201);
    assert.equal((await h.http().get(`/v1/event-buses/${bus}`).set(account()).expect(200)).body.name, bus);
    await h
      .http()
      .put(`/v1/event-buses/${bus}/rules/r`)
      .set(account())
      .send({ eventPattern: { source: ['x'] } })
      .expect(200);
    await h.http().delete(`/v1/event-buses/${bus}`).set(account()).expect(204);
    await h.http().get(`/v1/event-buses/${bus}`).set(account()).expect(404);

    // A partner source (and its bus) whose URL-encoded name is far past 100 characters.
    const prefix = `aws.partner/${t.partner}/`;
    const name = `${prefix}${'n'.repeat(256 - prefix.length - 2)}/z`;
    assert.equal(name.length, 256);
    await createSource(h, t, undefined, name);
    await associate(h, t, name);
    await h
      .http()
      .get(`/v1/event-buses/${enc(name)}`)
      .set(account())
      .expect(200);
    await h
      .http()
      .post(`/v1/event-sources/${enc(name)}/deactivate`)
      .set(account())
      .expect(204);
    const partner = as(t.partnerToken);
    await h
      .http()
      .get(`/v1/partner-event-sources/${enc(name)}`)
      .set(partner)
      .expect(200);
    await h
      .http()
      .delete(`/v1/partner-event-sources/${enc(name)}?account=${t.accountId}`)
      .set(partner)
      .expect(204);
  });

  test('a body that is not JSON is a 415 and does nothing', async () => {
    const before = (await h.http().get('/v1/accounts').set(admin(h)).expect(200)).body.items.length;
    const form = await h.http().post('/v1/accounts').set(admin(h)).type('form').send('name=formed');
    const text = await h
      .http()
      .post('/v1/accounts')
      .set(admin(h))
      .set('content-type', 'text/plain')
      .send('{"name":"texted"}');
    // What curl -d sends without a content type: before, the form parser dropped the JSON and a
    // filtered dry run redrove every dead letter.
    const redrive = await h
      .http()
      .post('/v1/deliveries/redrive')
      .set(account())
      .send('{"filter":{"rule":"r"},"dryRun":true}');
    for (const res of [form, text, redrive]) {
      assert.equal(res.status, 415, res.text);
      assert.equal(res.body.error.code, 'UnsupportedMediaType');
      assert.match(res.body.error.message, /Content-Type: application\/json/);
    }
    assert.equal((await h.http().get('/v1/accounts').set(admin(h)).expect(200)).body.items.length, before);
  });

  test('an empty body sent as JSON is no body: a POST that takes none is served', async () => {
    await h
      .http()
      .post('/v1/event-buses/default/rules/r/disable')
      .set(account())
      .set('content-type', 'application/json')
      .send('')
      .expect(204);
    const rule = await h.http().get('/v1/event-buses/default/rules/r').set(account()).expect(200);
    assert.equal(rule.body.state, 'DISABLED');
  });

  test('a bulk redrive with a member it does not know is a 400, not a redrive of everything', async () => {
    for (const body of [{ filter: { rules: 'r' }, dryRun: true }, { filters: { rule: 'r' } }]) {
      const res = await h.http().post('/v1/deliveries/redrive').set(account()).send(body).expect(400);
      assert.match(res.body.error.message, /^(filter: unknown field "rules"|body: unknown field "filters")$/);
    }
    const ok = await h
      .http()
      .post('/v1/deliveries/redrive')
      .set(account())
      .send({ filter: { rule: 'r' }, dryRun: true })
      .expect(200);
    assert.deepEqual(ok.body, { matched: 0, redriven: 0 });
  });

  test('revoking an API key by an id that is not a UUID is a 404 like any unknown key', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
      const res = await h.http().delete(`/v1/api-keys/${id}`).set(admin(h)).expect(404);
      assert.equal(res.body.error.code, 'ResourceNotFoundException');
    }
  });

  test('an archive retention past 1 000 000 days is a 400 naming the bound', async () => {
    for (const retentionDays of [1_000_001, 3_000_000, 2 ** 31]) {
      const res = await h
        .http()
        .post('/v1/archives')
        .set(account())
        .send({ name: `a${retentionDays}`, eventSourceBus: 'default', retentionDays })
        .expect(400);
      assert.match(res.body.error.message, /from 0 \(forever\) to 1000000/);
    }
    await h
      .http()
      .post('/v1/archives')
      .set(account())
      .send({ name: 'longest', eventSourceBus: 'default', retentionDays: 1_000_000 })
      .expect(201);
    const read = await h.http().get('/v1/archives/longest').set(account()).expect(200);
    assert.equal(read.body.retentionDays, 1_000_000);
  });

  test("POST /v1/events: a bus ARN of another account or region fails its entry, never the caller's namesake", async () => {
    const own = `arn:aws:events:us-east-1:${t.accountId}:event-bus/default`;
    const elsewhere = [
      'arn:aws:events:us-east-1:999999999999:event-bus/default',
      `arn:aws:events:eu-west-1:${t.accountId}:event-bus/default`,
    ];
    const entry = (eventBusName: string) => ({
      eventBusName,
      source: 'shop',
      detailType: 'order',
      detail: {},
    });
    const res = await h
      .http()
      .post('/v1/events')
      .set(account())
      .send({ entries: [entry(own), ...elsewhere.map(entry)] })
      .expect(200);
    assert.equal(res.body.failedEntryCount, 2);
    assert.ok(res.body.entries[0].eventId);
    assert.deepEqual(
      res.body.entries
        .slice(1)
        .map((e: { errorCode: string; errorMessage: string }) => [e.errorCode, e.errorMessage]),
      elsewhere.map((a) => ['ResourceNotFoundException', `Event bus ${a} does not exist.`]),
    );
  });

  test('concurrent PUT …/targets cannot take a rule past its 5 targets', async () => {
    await h
      .http()
      .put('/v1/event-buses/default/rules/crowded')
      .set(account())
      .send({ eventPattern: { source: ['x'] } })
      .expect(200);
    const put = (n: number) =>
      h
        .http()
        .put('/v1/event-buses/default/rules/crowded/targets')
        .set(account())
        .send({
          targets: [1, 2].map((k) => ({
            id: `t${n}-${k}`,
            type: 'http',
            http: { url: `https://example.com/${n}/${k}` },
          })),
        });
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(put));
    const stored = await targetsOf('crowded');
    assert.ok(stored.length <= 5, `${stored.length} targets stored`);
    assert.equal(stored.length, 2 * answers.filter((a) => a.status === 200).length);
    for (const a of answers.filter((x) => x.status !== 200))
      assert.equal(a.body.error.code, 'LimitExceededException', a.text);
  });
});
