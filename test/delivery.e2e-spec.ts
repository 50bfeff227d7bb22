import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpSink, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { query } from './support/archive-fixtures.js';
import {
  as,
  associate,
  createSource,
  createTenant,
  enc,
  type CreatedSource,
  type Tenant,
  createPipeline,
  sendSigned,
} from './support/fixtures.js';

describe('webhook → partner bus → rule → HTTP target', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  before(async () => {
    h = await startHarness();
    t = await createTenant(h);
    sink = await new HttpSink().start();
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  /** An associated source whose bus has one rule `r1` sending `pattern` matches to `path` on the sink. */
  const pipeline = (
    pattern: object,
    path: string,
    extra: Record<string, unknown> = {},
  ): Promise<CreatedSource> =>
    createPipeline(h, t, [{ id: 'sink', type: 'http', http: { url: `${sink.url}${path}` }, ...extra }], {
      pattern,
      rule: 'r1',
    });

  const send = (s: CreatedSource, payload: object | string, headers: Record<string, string> = {}) =>
    sendSigned(h, s, payload, headers);
  const at = (path: string) => sink.requests.filter((r) => r.url === path);

  test('a signed webhook reaches the sink as an EventBridge envelope', async () => {
    const s = await pipeline({ detail: { action: ['opened'] } }, '/e2e');
    const accepted = await send(s, '{"action": "opened", "amount": 300.0}').expect(202);
    await send(s, { action: 'closed' }).expect(202); // does not match
    await waitFor('delivery at /e2e', () => at('/e2e').length >= 1);
    const [req] = at('/e2e');
    assert.ok(req);
    const envelope = JSON.parse(req.body);
    assert.equal(envelope.version, '0');
    assert.equal(envelope.id, accepted.body.eventId);
    assert.equal(envelope.source, s.name);
    assert.equal(envelope.account, t.accountId);
    assert.equal(envelope.region, 'us-east-1');
    assert.deepEqual(envelope.detail, { action: 'opened', amount: 300 });
    assert.match(req.body, /"amount": 300\.0/, 'the detail keeps its exact number text');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.ok(req.headers['idempotency-key'], 'the delivery id travels as the idempotency key');

    const trace = await waitFor('the trace to show success', async () => {
      const r = await h.http().get(`/v1/events/${accepted.body.eventId}`).set(as(t.accountToken)).expect(200);
      return r.body.deliveries[0]?.state === 'succeeded' ? r.body : undefined;
    });
    assert.equal(trace.state, 'routed');
    assert.equal(trace.deliveries.length, 1);
    assert.equal(trace.deliveries[0].rule, 'r1');
    assert.equal(trace.deliveries[0].attempts[0].statusCode, 200);
    // Nothing else arrives: the non-matching event made no delivery.
    const deliveries = await h
      .http()
      .get('/v1/deliveries')
      .query({ bus: s.name })
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(deliveries.body.items.length, 1);
  });

  test('events are held while the source is PENDING and its bus has no target, then delivered', async () => {
    const s = await createSource(h, t);
    const isHeld = (id: string) => async () =>
      (await h.http().get(`/v1/events/${id}`).set(as(t.accountToken))).body.state === 'held';
    const early = await send(s, { action: 'before-association' }).expect(202);
    await waitFor("the PENDING source's event to be held", isHeld(early.body.eventId));
    await associate(h, t, s.name);
    // Associated, but no rule yet: EventBridge would drop this; Hookbridge keeps it held.
    const between = await send(s, { action: 'before-rules' }).expect(202);
    await waitFor('the event of a bus without targets to be held', isHeld(between.body.eventId));
    assert.ok(await isHeld(early.body.eventId)(), 'association alone does not release into an empty bus');

    await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/all`)
      .set(as(t.accountToken))
      .send({ eventPattern: { source: [s.name] } })
      .expect(200);
    await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/all/targets`)
      .set(as(t.accountToken))
      .send({ targets: [{ id: 't', type: 'http', http: { url: `${sink.url}/held` } }] })
      .expect(200);
    await waitFor('both held events delivered', () => at('/held').length >= 2);
    assert.deepEqual(
      at('/held')
        .map((r) => JSON.parse(r.body).id)
        .sort(),
      [early.body.eventId, between.body.eventId].sort(),
    );

    // Deactivated again: new events wait, and are released on activation.
    await h
      .http()
      .post(`/v1/event-sources/${enc(s.name)}/deactivate`)
      .set(as(t.accountToken))
      .expect(204);
    const later = await send(s, { action: 'while-deactivated' }).expect(202);
    await waitFor('the event to be held', isHeld(later.body.eventId));
    await h
      .http()
      .post(`/v1/event-sources/${enc(s.name)}/activate`)
      .set(as(t.accountToken))
      .expect(204);
    await waitFor('the event delivered after activation', () =>
      at('/held').some((r) => JSON.parse(r.body).id === later.body.eventId),
    );
  });

  test('5xx is retried with backoff until the target recovers; each attempt is recorded', async () => {
    let failures = 2;
    const previous = sink.respond;
    sink.respond = (req, i) => (req.url === '/flaky' && failures-- > 0 ? { status: 503 } : previous(req, i));
    const s = await pipeline({ source: [{ prefix: 'aws.partner/' }] }, '/flaky');
    const accepted = await send(s, { flaky: true }).expect(202);
    const trace = await waitFor('success after retries', async () => {
      const r = await h.http().get(`/v1/events/${accepted.body.eventId}`).set(as(t.accountToken));
      return r.body.deliveries?.[0]?.state === 'succeeded' ? r.body : undefined;
    });
    assert.deepEqual(
      trace.deliveries[0].attempts.map((a: { statusCode: number }) => a.statusCode),
      [503, 503, 200],
    );
    assert.equal(at('/flaky').length, 3);
    const ids = new Set(at('/flaky').map((r) => r.headers['idempotency-key']));
    assert.equal(ids.size, 1, 'every attempt carries the same idempotency key');
  });

  test('the deliveries list pages through rows created within one millisecond, each once', async () => {
    const other = await createTenant(h);
    // Microseconds apart, two of them equal: what one routing statement's rows look like.
    const micros = ['.123100', '.123200', '.123200', '.123300', '.123900'];
    const ids: string[] = [];
    for (const us of micros) {
      const [row] = await query<{ id: string }>(
        h,
        `INSERT INTO deliveries (id, event_id, event_received_at, account_id, bus_id, rule_id, target_pk, state, created_at)
         VALUES (gen_random_uuid(), gen_random_uuid(), now(), $1, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),
                 'dead_letter', $2::timestamptz)
         RETURNING id::text`,
        [other.accountId, `2026-11-01T10:00:00${us}Z`],
      );
      ids.push(row?.id ?? '');
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await h
        .http()
        .get('/v1/deliveries')
        .query({ state: 'dead_letter', limit: 2, ...(nextToken ? { nextToken } : {}) })
        .set(as(other.accountToken))
        .expect(200);
      seen.push(...page.body.items.map((d: { id: string }) => d.id));
      nextToken = page.body.nextToken;
    } while (nextToken);
    assert.deepEqual([...seen].sort(), [...ids].sort());
    assert.equal(new Set(seen).size, seen.length, 'no delivery twice');

    const forged = Buffer.from(JSON.stringify({ t: '2026-13-45T00:00:00Z', id: ids[0] })).toString(
      'base64url',
    );
    const bad = await h
      .http()
      .get('/v1/deliveries')
      .query({ nextToken: forged })
      .set(as(other.accountToken))
      .expect(400);
    assert.equal(bad.body.error.code, 'ValidationException');
  });

  test('a 4xx dead-letters at once with the AWS dead-letter attributes', async () => {
    const previous = sink.respond;
    sink.respond = (req, i) =>
      req.url === '/reject' ? { status: 400, body: '{"why":"bad"}' } : previous(req, i);
    const s = await pipeline({ source: [s0(t)] }, '/reject');
    const accepted = await send(s, { reject: true }).expect(202);
    const dl = await waitFor('a dead letter', async () => {
      const r = await h
        .http()
        .get('/v1/deliveries')
        .query({ state: 'dead_letter', bus: s.name })
        .set(as(t.accountToken));
      return r.body.items[0];
    });
    assert.equal(dl.eventId, accepted.body.eventId);
    assert.equal(dl.attempts, 1);
    assert.equal(dl.deadLetterAttributes.ERROR_CODE, 'HTTP_400');
    assert.equal(dl.deadLetterAttributes.RETRY_ATTEMPTS, 0);
    assert.match(dl.deadLetterAttributes.RULE_ARN, new RegExp(`:rule/${s.name.replace(/\./g, '\\.')}/r1$`));
    assert.match(dl.deadLetterAttributes.TARGET_ARN, /\/target\/sink$/);

    const byCode = await h
      .http()
      .get('/v1/deliveries')
      .query({ state: 'dead_letter', errorCode: 'HTTP_400', bus: s.name })
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(byCode.body.items.length, 1);
    const otherCode = await h
      .http()
      .get('/v1/deliveries')
      .query({ state: 'dead_letter', errorCode: 'HTTP_500', bus: s.name })
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(otherCode.body.items.length, 0);

    // Redrive: the dry run counts first; once the endpoint is fixed the dead letter is delivered.
    const filter = { bus: s.name, errorCode: 'HTTP_400' };
    const dry = await h
      .http()
      .post('/v1/deliveries/redrive')
      .set(as(t.accountToken))
      .send({ filter, dryRun: true })
      .expect(200);
    assert.deepEqual(dry.body, { matched: 1, redriven: 0 });
    sink.respond = previous;
    const done = await h
      .http()
      .post('/v1/deliveries/redrive')
      .set(as(t.accountToken))
      .send({ filter })
      .expect(200);
    assert.deepEqual(done.body, { matched: 1, redriven: 1 });
    const trace = await waitFor('the redriven delivery to succeed', async () => {
      const r = await h.http().get(`/v1/events/${accepted.body.eventId}`).set(as(t.accountToken));
      return r.body.deliveries?.[0]?.state === 'succeeded' ? r.body : undefined;
    });
    assert.deepEqual(
      trace.deliveries[0].attempts.map((a: { statusCode: number }) => a.statusCode),
      [400, 200],
    );
    const again = await h.http().post(`/v1/deliveries/${dl.id}/redrive`).set(as(t.accountToken)).expect(400);
    assert.equal(again.body.error.code, 'ValidationException', 'only dead letters can be redriven');
    await h
      .http()
      .post('/v1/deliveries/00000000-0000-0000-0000-000000000000/redrive')
      .set(as(t.accountToken))
      .expect(404);

    // Search finds the event by source and detail-type within the last day.
    const found = await h
      .http()
      .get('/v1/events')
      .query({ source: s.name })
      .set(as(t.accountToken))
      .expect(200);
    assert.deepEqual(
      found.body.items.map((e: { id: string }) => e.id),
      [accepted.body.eventId],
    );
    assert.equal(found.body.items[0].detailType, 'Webhook');
    const none = await h
      .http()
      .get('/v1/events')
      .query({ source: s.name, detailType: 'other' })
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(none.body.items.length, 0);
  });
});

/** A prefix that every source of the tenant matches. */
function s0(t: Tenant): { prefix: string } {
  return { prefix: `aws.partner/${t.partner}/` };
}
