import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { HttpSink, type MotoServer, startMotoServer, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import {
  as,
  createTenant,
  enc,
  type CreatedSource,
  type Tenant,
  createPipeline,
  sendSigned,
} from './support/fixtures.js';

describe('target types through the whole system: bus, input shaping, AWS EventBridge (moto)', () => {
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

  const source = (targets: object[]): Promise<CreatedSource> => createPipeline(h, t, targets);
  const send = async (s: CreatedSource, body: string) =>
    (await sendSigned(h, s, body).expect(202)).body.eventId as string;

  test('a bus target puts the event on another bus of the account, whose rules deliver it', async () => {
    await h.http().post('/v1/event-buses').set(as(t.accountToken)).send({ name: 'fanout' }).expect(201);
    await h
      .http()
      .put('/v1/event-buses/fanout/rules/opened')
      .set(as(t.accountToken))
      .send({ eventPattern: { detail: { action: ['opened'] } } })
      .expect(200);
    await h
      .http()
      .put('/v1/event-buses/fanout/rules/opened/targets')
      .set(as(t.accountToken))
      .send({ targets: [{ id: 'h', type: 'http', http: { url: `${sink.url}/via-bus` } }] })
      .expect(200);
    const s = await source([{ id: 'to-fanout', type: 'bus', bus: { name: 'fanout' } }]);
    const id = await send(s, '{"action":"opened"}');
    const [req] = await waitFor('the event via the second bus', () => {
      const got = sink.requests.filter((r) => r.url === '/via-bus');
      return got.length ? got : undefined;
    });
    assert.equal(JSON.parse(req?.body ?? '{}').id, id, 'the envelope travels unchanged');
    await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/all/targets`)
      .set(as(t.accountToken))
      .send({ targets: [{ id: 'nowhere', type: 'bus', bus: { name: 'missing' } }] })
      .expect(200);
    const id2 = await send(s, '{"action":"opened","n":2}');
    const dl = await waitFor('a dead letter for a missing bus', async () => {
      const r = await h
        .http()
        .get('/v1/deliveries')
        .query({ state: 'dead_letter', bus: s.name })
        .set(as(t.accountToken));
      return r.body.items.find((d: { eventId: string }) => d.eventId === id2);
    });
    assert.equal(dl.deadLetterAttributes.ERROR_CODE, 'ResourceNotFoundException');
  });

  test('inputTransformer shapes what the target receives', async () => {
    const s = await source([
      {
        id: 'shaped',
        type: 'http',
        http: { url: `${sink.url}/shaped` },
        inputTransformer: {
          inputPathsMap: { action: '$.detail.action', total: '$.detail.total' },
          inputTemplate: '{"what": <action>, "total": <total>, "rule": <aws.events.rule-name>}',
        },
      },
    ]);
    await send(s, '{"action":"paid","total":12.50}');
    const [req] = await waitFor('the shaped body', () => {
      const got = sink.requests.filter((r) => r.url === '/shaped');
      return got.length ? got : undefined;
    });
    assert.deepEqual(JSON.parse(req?.body ?? '{}'), { what: 'paid', total: 12.5, rule: 'all' });
    assert.match(req?.body ?? '', /12\.50/, 'number text survives the transformer');
    const bad = await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/all/targets`)
      .set(as(t.accountToken))
      .send({
        targets: [{ id: 'bad', type: 'http', http: { url: `${sink.url}/x` }, inputPath: 'not a path' }],
      })
      .expect(200);
    assert.equal(bad.body.failedEntryCount, 1);
    assert.equal(bad.body.failedEntries[0].errorCode, 'ValidationException');
  });

  test('an HTTP target with body parameters and sealed parameters; the target shows only their names', async () => {
    const s = await source([
      {
        id: 'sealed',
        type: 'http',
        http: {
          url: `${sink.url}/sealed?v=1`,
          headers: { 'x-plain': 'p' },
          bodyParameters: { team: 'ops' },
          secretParameters: {
            headers: { 'x-token': 'header-secret-2' },
            queryParameters: { sig: 'query-secret-2' },
            bodyParameters: { pin: 'body-secret-2' },
          },
        },
        inputPath: '$.detail',
      },
    ]);
    await send(s, '{"action":"paid"}');
    const [req] = await waitFor('the call with its parameters', () => {
      const got = sink.requests.filter((r) => r.url.startsWith('/sealed'));
      return got.length ? got : undefined;
    });
    assert.equal(req?.url, '/sealed?v=1&sig=query-secret-2');
    assert.equal(req?.headers['x-plain'], 'p');
    assert.equal(req?.headers['x-token'], 'header-secret-2');
    assert.deepEqual(JSON.parse(req?.body ?? '{}'), { action: 'paid', team: 'ops', pin: 'body-secret-2' });

    const listed = await h
      .http()
      .get(`/v1/event-buses/${enc(s.name)}/rules/all/targets`)
      .set(as(t.accountToken))
      .expect(200);
    const http = listed.body.items[0].http;
    assert.deepEqual(http.bodyParameters, { team: 'ops' });
    assert.deepEqual(http.secretParameters, {
      headers: ['x-token'],
      queryParameters: ['sig'],
      bodyParameters: ['pin'],
    });
    assert.ok(!JSON.stringify(listed.body).includes('secret-2'), 'no sealed value is shown');

    // A header value that could end the header line is refused when the target is put.
    const bad = await h
      .http()
      .put(`/v1/event-buses/${enc(s.name)}/rules/all/targets`)
      .set(as(t.accountToken))
      .send({
        targets: [
          {
            id: 'crlf',
            type: 'http',
            http: { url: `${sink.url}/x`, secretParameters: { headers: { 'x-a': 'a\r\nx-b: b' } } },
          },
        ],
      })
      .expect(400);
    assert.equal(bad.body.error.code, 'ValidationException');
    assert.match(bad.body.error.message, /printable ASCII/);
  });

  describe('an AWS EventBridge target (moto_server)', () => {
    let moto: MotoServer;
    before(async () => {
      moto = await startMotoServer();
    });
    after(async () => moto.stop());

    test('the event reaches a rule on the AWS bus, whose SQS target receives it', async () => {
      const aws = new EventBridgeClient({
        region: 'us-east-1',
        endpoint: moto.endpoint,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      const { EventBusArn } = await aws.send(new CreateEventBusCommand({ Name: 'external' }));
      const { QueueUrl } = await moto.sqs<{ QueueUrl: string }>('CreateQueue', {
        QueueName: 'from-hookbridge',
      });
      await aws.send(
        new PutRuleCommand({
          Name: 'all',
          EventBusName: 'external',
          EventPattern: JSON.stringify({ 'detail-type': ['Webhook'] }),
        }),
      );
      await aws.send(
        new PutTargetsCommand({
          Rule: 'all',
          EventBusName: 'external',
          Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:123456789012:from-hookbridge' }],
        }),
      );
      const s = await source([
        {
          id: 'aws',
          type: 'eventbridge',
          eventbridge: {
            eventBusArn: EventBusArn,
            region: 'us-east-1',
            endpoint: moto.endpoint,
            credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
          },
        },
      ]);
      const id = await send(s, '{"order":"o-9","total":300.0}');
      const message = await waitFor(
        'the SQS message',
        async () => {
          const r = await moto.sqs<{ Messages?: Array<{ Body: string }> }>('ReceiveMessage', {
            QueueUrl,
            MaxNumberOfMessages: 1,
          });
          return r.Messages?.[0];
        },
        20_000,
      );
      const forwarded = JSON.parse(message.Body);
      assert.equal(forwarded['detail-type'], 'Webhook');
      assert.deepEqual(forwarded.detail, { order: 'o-9', total: 300 });
      assert.equal(
        forwarded.source,
        `hookbridge.${s.name.slice(4)}`,
        'aws.* sources are renamed for PutEvents',
      );
      // moto hands the message to SQS inside PutEvents, so the attempt may be recorded a moment later.
      await waitFor('the delivery recorded as succeeded', async () => {
        const trace = await h.http().get(`/v1/events/${id}`).set(as(t.accountToken)).expect(200);
        return trace.body.deliveries[0]?.state === 'succeeded';
      });
      aws.destroy();
    });
  });
});
