import type { TenantWorld } from './tenant-world.js';

/**
 * How to aim each `AWSEvents.<Operation>` at the victim `v` from attacker `a`: one or more inputs
 * (AWS shapes), each of which must fail. `list` operations answer the attacker's own resources by
 * design, so they must succeed without any of the victim's; `create` operations name nothing of
 * the victim's and are listed only to say so; `idempotent` deletes succeed, as in AWS, when the
 * attacker has nothing of that name, and may only do that (the matrix's last test checks that the
 * victim's resources are untouched). An operation the gateway serves that is missing here fails the
 * matrix.
 */
export interface OperationFill {
  role: 'account' | 'partner';
  kind: 'victim' | 'list' | 'create' | 'idempotent';
  inputs: (v: TenantWorld, a: TenantWorld) => Array<Record<string, unknown>>;
  /** The AWS errors that count as refusing (default ResourceNotFoundException). */
  errors?: string[];
}

const acct = (inputs: OperationFill['inputs'], kind: OperationFill['kind'] = 'victim'): OperationFill => ({
  role: 'account',
  kind,
  inputs,
});
const partner = (inputs: OperationFill['inputs'], kind: OperationFill['kind'] = 'victim'): OperationFill => ({
  role: 'partner',
  kind,
  inputs,
});

const ruleOf = (v: TenantWorld) => [
  { Name: v.rule, EventBusName: v.busArn },
  { Name: v.rule, EventBusName: v.bus },
];
const pattern = '{"source":["x"]}';
/** A tenant's archive ARN, built from its bus ARN (same partition, region and account). */
const archiveArn = (w: TenantWorld) => w.busArn.replace(/event-bus\/.*$/, `archive/${w.archive}`);
const window = () => ({ EventStartTime: new Date(Date.now() - 3_600_000), EventEndTime: new Date() });

export const OPERATION_FILL: Record<string, OperationFill> = {
  CreateEventBus: acct((v) => [{ Name: v.source, EventSourceName: v.source }]),
  DeleteEventBus: acct((v) => [{ Name: v.bus }, { Name: v.source }], 'idempotent'),
  DescribeEventBus: acct((v) => [{ Name: v.busArn }, { Name: v.bus }]),
  UpdateEventBus: acct((v) => [
    { Name: v.busArn, Description: 'written by another tenant' },
    { Name: v.bus, Description: 'written by another tenant' },
  ]),
  ListEventBuses: acct(() => [{}, { NamePrefix: 'bus-' }], 'list'),
  ListEventSources: acct(() => [{}, { NamePrefix: 'aws.partner/' }], 'list'),
  DescribeEventSource: acct((v) => [{ Name: v.source }, { Name: v.pendingSource }]),
  ActivateEventSource: acct((v) => [{ Name: v.pendingSource }]),
  DeactivateEventSource: acct((v) => [{ Name: v.source }]),
  PutRule: acct((v) => ruleOf(v).map((r) => ({ ...r, EventPattern: pattern }))),
  DeleteRule: acct(ruleOf),
  DescribeRule: acct(ruleOf),
  EnableRule: acct(ruleOf),
  DisableRule: acct(ruleOf),
  ListRules: acct((v) => [{ EventBusName: v.busArn }, { EventBusName: v.bus }]),
  TestEventPattern: acct(() => [{ EventPattern: pattern, Event: '{"source":"x"}' }], 'create'),
  PutTargets: acct((v, a) => [
    ...ruleOf(v).map((r) => ({
      Rule: r.Name,
      EventBusName: r.EventBusName,
      Targets: [{ Id: 'x', Arn: a.busArn }],
    })),
    // The attacker's own rule aimed at the victim's API destination (and so its credentials).
    { Rule: a.rule, EventBusName: a.bus, Targets: [{ Id: 'steal', Arn: v.destinationArn }] },
  ]),
  RemoveTargets: acct((v) =>
    ruleOf(v).map((r) => ({ Rule: r.Name, EventBusName: r.EventBusName, Ids: [v.targetId] })),
  ),
  ListTargetsByRule: acct((v) => ruleOf(v).map((r) => ({ Rule: r.Name, EventBusName: r.EventBusName }))),
  ListRuleNamesByTarget: acct((v) => [
    { TargetArn: v.destinationArn, EventBusName: v.busArn },
    { TargetArn: v.destinationArn, EventBusName: v.bus },
  ]),
  PutEvents: acct((v) => [
    { Entries: [{ Source: 'x', DetailType: 'x', Detail: '{}', EventBusName: v.busArn }] },
    { Entries: [{ Source: 'x', DetailType: 'x', Detail: '{}', EventBusName: v.bus }] },
  ]),
  CreateConnection: acct(
    () => [
      {
        Name: 'x',
        AuthorizationType: 'API_KEY',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } },
      },
    ],
    'create',
  ),
  DescribeConnection: acct((v) => [{ Name: v.connection }]),
  UpdateConnection: acct((v) => [{ Name: v.connection, Description: 'stolen' }]),
  DeauthorizeConnection: acct((v) => [{ Name: v.connection }]),
  DeleteConnection: acct((v) => [{ Name: v.connection }]),
  ListConnections: acct(() => [{}, { NamePrefix: 'conn-' }], 'list'),
  CreateApiDestination: acct((v) => [
    {
      Name: `stolen-${v.tag}`,
      ConnectionArn: v.connectionArn,
      InvocationEndpoint: 'https://example.com/',
      HttpMethod: 'POST',
    },
  ]),
  DescribeApiDestination: acct((v) => [{ Name: v.destination }]),
  UpdateApiDestination: acct((v, a) => [
    { Name: v.destination, Description: 'stolen' },
    // The attacker's own destination moved onto the victim's connection.
    { Name: a.destination, ConnectionArn: v.connectionArn },
  ]),
  DeleteApiDestination: acct((v) => [{ Name: v.destination }]),
  ListApiDestinations: acct((v) => [{}, { ConnectionArn: v.connectionArn }], 'list'),
  TagResource: acct((v) => [
    { ResourceARN: v.busArn, Tags: [{ Key: 'k', Value: 'v' }] },
    { ResourceARN: v.ruleArn, Tags: [{ Key: 'k', Value: 'v' }] },
  ]),
  UntagResource: acct((v) => [{ ResourceARN: v.busArn, TagKeys: ['owner'] }]),
  ListTagsForResource: acct((v) => [{ ResourceARN: v.busArn }, { ResourceARN: v.ruleArn }]),
  CreateArchive: acct((v) => [{ ArchiveName: `stolen-${v.tag}`, EventSourceArn: v.busArn }]),
  DescribeArchive: acct((v) => [{ ArchiveName: v.archive }]),
  UpdateArchive: acct((v) => [{ ArchiveName: v.archive, Description: 'stolen' }]),
  DeleteArchive: acct((v) => [{ ArchiveName: v.archive }]),
  ListArchives: acct((v) => [{}, { EventSourceArn: v.busArn }, { NamePrefix: 'arch-' }], 'list'),
  StartReplay: acct((v, a) => [
    // The victim's archive replayed into the attacker's bus.
    {
      ReplayName: `stolen-${v.tag}`,
      EventSourceArn: archiveArn(v),
      ...window(),
      Destination: { Arn: a.busArn },
    },
    // The attacker's archive replayed into the victim's bus, or through the victim's rule.
    {
      ReplayName: `stolen-${v.tag}`,
      EventSourceArn: archiveArn(a),
      ...window(),
      Destination: { Arn: v.busArn },
    },
    {
      ReplayName: `stolen-${v.tag}`,
      EventSourceArn: archiveArn(a),
      ...window(),
      Destination: { Arn: a.busArn, FilterArns: [v.ruleArn] },
    },
  ]),
  DescribeReplay: acct((v) => [{ ReplayName: v.replay }]),
  ListReplays: acct((v) => [{}, { EventSourceArn: archiveArn(v) }, { NamePrefix: 'replay-' }], 'list'),
  CancelReplay: acct((v) => [{ ReplayName: v.replay }]),
  // Another partner's namespace is refused as a bad name, as AWS does.
  CreatePartnerEventSource: {
    ...partner((v, a) => [{ Name: `aws.partner/${v.partner}/stolen`, Account: a.accountId }]),
    errors: ['ValidationException'],
  },
  DeletePartnerEventSource: partner((v) => [{ Name: v.source, Account: v.accountId }]),
  DescribePartnerEventSource: partner((v) => [{ Name: v.source }]),
  ListPartnerEventSources: partner((v) => [{ NamePrefix: `aws.partner/${v.partner}/` }], 'list'),
  ListPartnerEventSourceAccounts: partner((v) => [{ EventSourceName: v.source }]),
  PutPartnerEvents: partner((v) => [{ Entries: [{ Source: v.source, DetailType: 'x', Detail: '{}' }] }]),
};
