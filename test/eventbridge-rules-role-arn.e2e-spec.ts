import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { startHarness, type Harness } from './support/harness.js';
import { awsError, createSdkTenant, type SdkTenant } from './support/eventbridge.js';

// A rule's RoleArn (and a target's) is stored and returned, so Terraform and CloudFormation see no
// drift; Hookbridge has no IAM and never assumes it. PutRule replaces the rule, as in AWS: a put
// without RoleArn removes it. REST's PUT of a rule replaces it the same way.

const ROLE = 'arn:aws:iam::111122223333:role/service-role/eb-invoke';
const OTHER_ROLE = 'arn:aws-cn:iam::111122223333:role/other';
const NOT_ROLES = [
  'not-an-arn',
  'arn:aws:lambda:us-east-1:111122223333:function:f',
  'arn:aws:iam::111122223333:user/bob',
  'arn:aws:iam::1111:role/short-account',
  'arn:aws:iam::111122223333:role/',
  `arn:aws:iam::111122223333:role/${'p/'.repeat(800)}x`,
];

describe('Rules keep their RoleArn (EventBridge API and REST)', () => {
  let h: Harness;
  let t: SdkTenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createSdkTenant(h);
    await t.account.send(new CreateEventBusCommand({ Name: 'roles' }));
  });
  after(async () => h.close());

  const describeRule = (Name: string) =>
    t.account.send(new DescribeRuleCommand({ Name, EventBusName: 'roles' }));
  const putRule = (Name: string, RoleArn?: string) =>
    t.account.send(
      new PutRuleCommand({ Name, EventBusName: 'roles', EventPattern: '{"source":["a"]}', RoleArn }),
    );
  const rest = () => ({
    authorization: `Bearer ${h.config.adminToken}`,
    'x-hookbridge-account': t.accountId,
  });

  test('PutRule stores RoleArn: DescribeRule and ListRules return it, a put without it removes it', async () => {
    await putRule('assumes', ROLE);
    assert.equal((await describeRule('assumes')).RoleArn, ROLE);
    const listed = await t.account.send(
      new ListRulesCommand({ EventBusName: 'roles', NamePrefix: 'assumes' }),
    );
    assert.deepEqual(
      listed.Rules?.map((r) => [r.Name, r.RoleArn]),
      [['assumes', ROLE]],
    );
    // Enabling or disabling a rule changes only its state.
    await t.account.send(new DisableRuleCommand({ Name: 'assumes', EventBusName: 'roles' }));
    assert.deepEqual(
      [(await describeRule('assumes')).State, (await describeRule('assumes')).RoleArn],
      ['DISABLED', ROLE],
    );
    await putRule('assumes', OTHER_ROLE);
    assert.equal((await describeRule('assumes')).RoleArn, OTHER_ROLE);
    // REST shows the same rule with its role.
    const viaRest = await h.http().get('/v1/event-buses/roles/rules/assumes').set(rest()).expect(200);
    assert.equal(viaRest.body.roleArn, OTHER_ROLE);

    await putRule('assumes');
    const cleared = await describeRule('assumes');
    assert.deepEqual([cleared.RoleArn, cleared.State], [undefined, 'ENABLED']);
    const relisted = await t.account.send(
      new ListRulesCommand({ EventBusName: 'roles', NamePrefix: 'assumes' }),
    );
    assert.equal(relisted.Rules?.[0]?.RoleArn, undefined);
  });

  test('a RoleArn that is not an IAM role ARN of 1-1600 characters is a ValidationException and changes nothing', async () => {
    await putRule('kept', ROLE);
    for (const bad of ['', ...NOT_ROLES]) {
      const err = await awsError(putRule('kept', bad));
      assert.deepEqual([err.name, err.status], ['ValidationException', 400], bad.slice(0, 60));
      const created = await awsError(putRule('never-created', bad));
      assert.equal(created.name, 'ValidationException');
    }
    assert.equal((await describeRule('kept')).RoleArn, ROLE);
    assert.equal((await awsError(describeRule('never-created'))).name, 'ResourceNotFoundException');
  });

  test("PutTargets keeps each target's RoleArn for ListTargetsByRule; a malformed one is a ValidationException", async () => {
    await putRule('fan');
    const bus = 'arn:aws:events:eu-west-1:111122223333:event-bus/elsewhere';
    await t.account.send(
      new PutTargetsCommand({
        Rule: 'fan',
        EventBusName: 'roles',
        Targets: [{ Id: 'x', Arn: bus, RoleArn: ROLE }],
      }),
    );
    const listed = await t.account.send(new ListTargetsByRuleCommand({ Rule: 'fan', EventBusName: 'roles' }));
    assert.deepEqual(listed.Targets, [{ Id: 'x', Arn: bus, RoleArn: ROLE }]);
    for (const bad of ['', 'not-an-arn']) {
      const err = await awsError(
        t.account.send(
          new PutTargetsCommand({
            Rule: 'fan',
            EventBusName: 'roles',
            Targets: [{ Id: 'y', Arn: bus, RoleArn: bad }],
          }),
        ),
      );
      assert.equal(err.name, 'ValidationException', bad);
    }
  });

  test('REST: PUT takes roleArn and GET returns it; a PUT without it removes it, as description and state', async () => {
    const put = (body: object) =>
      h.http().put('/v1/event-buses/roles/rules/rest-rule').set(rest()).send(body);
    const get = async () =>
      (await h.http().get('/v1/event-buses/roles/rules/rest-rule').set(rest()).expect(200)).body as {
        roleArn?: string;
        description?: string;
        state: string;
      };
    await put({ eventPattern: { source: ['a'] }, roleArn: ROLE, description: 'd', state: 'DISABLED' }).expect(
      200,
    );
    assert.equal((await get()).roleArn, ROLE);
    const list = await h.http().get('/v1/event-buses/roles/rules').set(rest()).expect(200);
    assert.equal(list.body.items.find((r: { name: string }) => r.name === 'rest-rule')?.roleArn, ROLE);
    assert.equal((await describeRule('rest-rule')).RoleArn, ROLE, 'DescribeRule sees the REST role');
    await h.http().post('/v1/event-buses/roles/rules/rest-rule/enable').set(rest()).expect(204);
    assert.equal((await get()).roleArn, ROLE);

    await put({ eventPattern: { source: ['a'] } }).expect(200);
    const replaced = await get();
    assert.deepEqual(
      [replaced.roleArn, replaced.description, replaced.state],
      [undefined, undefined, 'ENABLED'],
    );

    await put({ eventPattern: { source: ['a'] }, roleArn: ROLE }).expect(200);
    for (const roleArn of ['', 5, null, ...NOT_ROLES]) {
      const res = await put({ eventPattern: { source: ['a'] }, roleArn }).expect(400);
      assert.equal(res.body.error.code, 'ValidationException', String(roleArn).slice(0, 60));
    }
    assert.equal((await get()).roleArn, ROLE, 'a refused PUT changes nothing');
  });
});
