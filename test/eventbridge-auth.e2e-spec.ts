import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  CreatePartnerEventSourceCommand,
  DescribeEventBusCommand,
  DescribeEventSourceCommand,
  DescribePartnerEventSourceCommand,
  DescribeRuleCommand,
  ListEventBusesCommand,
  ListEventSourcesCommand,
  PutRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { startHarness, type Harness } from './support/harness.js';
import { admin } from './support/fixtures.js';
import { EventBridgeApi } from '../apps/gateway/src/eventbridge-api/eventbridge-api.service.js';
import {
  awsError,
  createSdkTenant,
  endpointOf,
  sdkClient,
  type SdkTenant,
  sourceName,
} from './support/eventbridge.js';

describe('EventBridge API: SigV4, roles, tenancy and AWS error shapes', () => {
  let h: Harness;
  let a: SdkTenant;
  let b: SdkTenant;
  let sourceA: string;
  before(async () => {
    h = await startHarness({ worker: false });
    a = await createSdkTenant(h);
    b = await createSdkTenant(h);
    sourceA = sourceName(a);
    await a.partnerClient.send(new CreatePartnerEventSourceCommand({ Name: sourceA, Account: a.accountId }));
    await a.account.send(new PutRuleCommand({ Name: 'a-rule', EventPattern: '{"source":["x"]}' }));
  });
  after(async () => h.close());

  test('the endpoint serves exactly the operations of issue 7', () => {
    assert.deepEqual(h.gateway.get(EventBridgeApi).operationNames, [...OPERATIONS].sort());
  });

  test('a correct signature works; a wrong secret is InvalidSignatureException', async () => {
    const ok = await a.account.send(new ListEventBusesCommand({}));
    assert.deepEqual(
      ok.EventBuses?.map((x) => x.Name),
      ['default'],
    );
    const wrong = sdkClient(h, { accessKeyId: a.accountKey.accessKeyId, secretAccessKey: 'x'.repeat(40) });
    const e = await awsError(wrong.send(new ListEventBusesCommand({})));
    assert.equal(e.name, 'InvalidSignatureException');
    assert.equal(e.status, 400);
    assert.match(e.message, /signature we calculated does not match/);
  });

  test('an unknown access key is UnrecognizedClientException', async () => {
    const unknown = sdkClient(h, {
      accessKeyId: 'AKHBAAAAAAAAAAAAAAAA',
      secretAccessKey: a.accountKey.secretAccessKey,
    });
    const e = await awsError(unknown.send(new ListEventBusesCommand({})));
    assert.equal(e.name, 'UnrecognizedClientException');
  });

  test('a signature older (or newer) than 15 minutes is InvalidSignatureException, within it is fine', async () => {
    const late = sdkClient(h, a.accountKey, { systemClockOffset: -16 * 60 * 1000 });
    const expired = await awsError(late.send(new ListEventBusesCommand({})));
    assert.equal(expired.name, 'InvalidSignatureException');
    assert.match(expired.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const early = sdkClient(h, a.accountKey, { systemClockOffset: 16 * 60 * 1000 });
    const future = await awsError(early.send(new ListEventBusesCommand({})));
    assert.equal(future.name, 'InvalidSignatureException');
    assert.match(future.message, /not yet current/);
    const skewed = sdkClient(h, a.accountKey, { systemClockOffset: -14 * 60 * 1000 });
    await skewed.send(new ListEventBusesCommand({}));
  });

  test('credentials scoped to another region are refused', async () => {
    const other = sdkClient(h, a.accountKey, { region: 'eu-west-1' });
    const e = await awsError(other.send(new ListEventBusesCommand({})));
    assert.equal(e.name, 'InvalidSignatureException');
    assert.match(e.message, /region/);
  });

  test('a revoked key stops working', async () => {
    const issued = await h
      .http()
      .post('/v1/api-keys')
      .set(admin(h))
      .send({ accountId: a.accountId })
      .expect(201);
    const client = sdkClient(h, {
      accessKeyId: issued.body.accessKeyId as string,
      secretAccessKey: issued.body.secretAccessKey as string,
    });
    await client.send(new ListEventBusesCommand({}));
    await h.http().delete(`/v1/api-keys/${issued.body.id}`).set(admin(h)).expect(204);
    const e = await awsError(client.send(new ListEventBusesCommand({})));
    assert.equal(e.name, 'UnrecognizedClientException');
  });

  test('the key role decides: partner keys cannot call account operations, nor the reverse', async () => {
    const p = await awsError(a.partnerClient.send(new ListEventBusesCommand({})));
    assert.equal(p.name, 'AccessDeniedException');
    assert.match(p.message, /events:ListEventBuses/);
    const acc = await awsError(
      a.account.send(new CreatePartnerEventSourceCommand({ Name: sourceName(a), Account: a.accountId })),
    );
    assert.equal(acc.name, 'AccessDeniedException');
  });

  test("another tenant's resources are ResourceNotFoundException, never visible", async () => {
    assert.deepEqual((await b.account.send(new ListEventSourcesCommand({}))).EventSources, []);
    const src = await awsError(b.account.send(new DescribeEventSourceCommand({ Name: sourceA })));
    assert.equal(src.name, 'ResourceNotFoundException');
    const assoc = await awsError(
      b.account.send(new CreateEventBusCommand({ Name: sourceA, EventSourceName: sourceA })),
    );
    assert.equal(assoc.name, 'ResourceNotFoundException');
    const rule = await awsError(b.account.send(new DescribeRuleCommand({ Name: 'a-rule' })));
    assert.equal(rule.name, 'ResourceNotFoundException');
    const byArn = await awsError(
      b.account.send(
        new DescribeEventBusCommand({ Name: `arn:aws:events:us-east-1:${a.accountId}:event-bus/default` }),
      ),
    );
    assert.equal(byArn.name, 'ResourceNotFoundException');
    const partner = await awsError(
      b.partnerClient.send(new DescribePartnerEventSourceCommand({ Name: sourceA })),
    );
    assert.equal(partner.name, 'ResourceNotFoundException');
    const foreign = await awsError(
      b.partnerClient.send(
        new CreatePartnerEventSourceCommand({ Name: `aws.partner/${a.partner}/x`, Account: b.accountId }),
      ),
    );
    assert.equal(foreign.name, 'ValidationException', "a partner cannot create under another partner's name");
  });

  test('raw protocol: unknown operation, missing auth, malformed JSON and invalid input answer AWS shapes', async () => {
    const post = async (target: string, body: string, signed = true) => {
      const res = await signedFetch(h, signed ? a.accountKey : undefined, target, body);
      return { status: res.status, headers: res.headers, json: async () => (await res.json()) as AwsBody };
    };

    const unknown = await post('AWSEvents.LaunchRockets', '{}');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal((await unknown.json()).__type, 'UnknownOperationException');
    const noTarget = await post('', '{}');
    assert.equal((await noTarget.json()).__type, 'UnknownOperationException');

    const anonymous = await post('AWSEvents.ListEventBuses', '{}', false);
    assert.equal(anonymous.status, 400);
    assert.equal((await anonymous.json()).__type, 'MissingAuthenticationTokenException');

    const garbage = await post('AWSEvents.ListEventBuses', '{not json');
    assert.deepEqual(await garbage.json(), {
      __type: 'SerializationException',
      message: 'The request body is not valid JSON.',
    });

    // The signature covers the body: the same signed headers with another body are refused.
    const tampered = await signedFetch(
      h,
      a.accountKey,
      'AWSEvents.ListEventBuses',
      '{}',
      '{"NamePrefix":"x"}',
    );
    assert.equal(((await tampered.json()) as AwsBody).__type, 'InvalidSignatureException');

    const invalid = await post('AWSEvents.PutRule', JSON.stringify({ Name: 7 }));
    const body = await invalid.json();
    assert.equal(body.__type, 'ValidationException');
    assert.match(body.message, /^1 validation error detected: Value at 'name' failed to satisfy constraint/);
  });
});

/** The operations the issue asks for. */
const OPERATIONS = [
  'CreatePartnerEventSource',
  'DeletePartnerEventSource',
  'DescribePartnerEventSource',
  'ListPartnerEventSources',
  'ListPartnerEventSourceAccounts',
  'PutPartnerEvents',
  'ListEventSources',
  'DescribeEventSource',
  'ActivateEventSource',
  'DeactivateEventSource',
  'DeauthorizeConnection',
  'CreateEventBus',
  'DeleteEventBus',
  'DescribeEventBus',
  'UpdateEventBus',
  'ListEventBuses',
  'PutRule',
  'DeleteRule',
  'DescribeRule',
  'ListRules',
  'EnableRule',
  'DisableRule',
  'PutTargets',
  'RemoveTargets',
  'ListTargetsByRule',
  'ListRuleNamesByTarget',
  'PutEvents',
  'TestEventPattern',
  'CreateConnection',
  'DescribeConnection',
  'UpdateConnection',
  'DeleteConnection',
  'ListConnections',
  'CreateApiDestination',
  'DescribeApiDestination',
  'UpdateApiDestination',
  'DeleteApiDestination',
  'ListApiDestinations',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
  'CreateArchive',
  'DescribeArchive',
  'UpdateArchive',
  'DeleteArchive',
  'ListArchives',
  'StartReplay',
  'DescribeReplay',
  'ListReplays',
  'CancelReplay',
];

interface AwsBody {
  __type: string;
  message: string;
}

const toBytes = (s: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
  typeof s === 'string'
    ? s
    : ArrayBuffer.isView(s)
      ? Buffer.from(s.buffer, s.byteOffset, s.byteLength)
      : Buffer.from(s);

/** A request signed like the SDK signs it, for cases the SDK itself would never send. */
async function signedFetch(
  h: Harness,
  key: { accessKeyId: string; secretAccessKey: string } | undefined,
  target: string,
  body: string,
  sentBody = body,
): Promise<Response> {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { HttpRequest } = await import('@smithy/protocol-http');
  const { createHash, createHmac } = await import('node:crypto');
  const url = new URL(endpointOf(h));
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.1',
    ...(target ? { 'x-amz-target': target } : {}),
  };
  if (key) {
    class Sha256 {
      private h;
      constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
        this.h = secret ? createHmac('sha256', toBytes(secret)) : createHash('sha256');
      }
      update(d: Uint8Array) {
        this.h.update(d);
      }
      async digest() {
        return new Uint8Array(this.h.digest());
      }
      reset() {}
    }
    const signer = new SignatureV4({
      service: 'events',
      region: h.config.region,
      credentials: key,
      sha256: Sha256,
    });
    const signed = await signer.sign(
      new HttpRequest({ method: 'POST', hostname: url.hostname, path: '/', headers, body }),
    );
    Object.assign(headers, signed.headers);
  }
  return fetch(`${url.origin}/`, { method: 'POST', headers, body: sentBody });
}
