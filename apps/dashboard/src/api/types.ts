/** Response shapes of the REST API (see /work/shared/ARCHITECTURE.md, "REST contract"). */

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export type SourceState = 'PENDING' | 'ACTIVE' | 'DELETED';

export interface AccountSource {
  name: string;
  arn: string;
  createdBy: string;
  state: SourceState;
  creationTime: string;
  expirationTime?: string;
}

export interface PartnerSource {
  name: string;
  arn: string;
  account: string;
  state: SourceState;
  creationTime: string;
  expirationTime?: string;
  ingestUrl: string;
  verification?: { scheme: string; secrets?: Secret[] };
}

export interface Secret {
  id: string;
  secret: string;
}

export interface SourceAccount {
  account: string;
  state: SourceState;
  creationTime: string;
  expirationTime?: string;
}

export interface Bus {
  name: string;
  arn: string;
  kind: string;
  state: string;
  eventSourceName?: string;
  description?: string;
  creationTime: string;
}

export interface Rule {
  name: string;
  arn: string;
  eventBusName: string;
  eventPattern: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  roleArn?: string;
}

export type HttpAuth =
  | { type: 'basic'; username: string; password: string }
  | { type: 'api-key'; header: string; value: string }
  | {
      type: 'oauth-client-credentials';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
    };

/** The sealed parts of a stored target that a PUT …/targets entry can keep without repeating them. */
export type SecretPart = 'auth' | 'secretParameters' | 'signingSecret' | 'credentials';

/** A target as PUT …/targets takes it. */
export interface Target {
  id: string;
  type: 'http' | 'eventbridge' | 'bus' | 'api-destination';
  /** An API destination of the account, by name; its connection's credentials go with each call. */
  apiDestination?: {
    name: string;
    pathParameterValues?: string[];
    headerParameters?: Record<string, string>;
    queryStringParameters?: Record<string, string>;
  };
  http?: {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    /** Top-level members added to the JSON body. */
    bodyParameters?: Record<string, string>;
    /** Parameters whose values are stored sealed (never shown again). */
    secretParameters?: {
      headers?: Record<string, string>;
      queryParameters?: Record<string, string>;
      bodyParameters?: Record<string, string>;
    };
    auth?: HttpAuth;
  };
  eventbridge?: {
    eventBusArn: string;
    region: string;
    endpoint?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  };
  bus?: { name: string };
  input?: string;
  inputPath?: string;
  inputTransformer?: { inputPathsMap?: Record<string, string>; inputTemplate: string };
  retryPolicy?: { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number };
  deadLetter?: boolean;
  /** Parts of the stored target of this id to keep where this entry does not give them. */
  keepSecrets?: SecretPart[];
}

/** A target as GET …/targets shows it: credentials are never returned, only the auth type. */
export interface TargetView extends Omit<Target, 'http' | 'eventbridge' | 'keepSecrets' | 'apiDestination'> {
  arn: string;
  /** The API destination the target names (type `api-destination`); `http` shows what it resolves to. */
  apiDestination?: NonNullable<Target['apiDestination']> & { arn: string };
  state: 'ENABLED' | 'DISABLED';
  disabledReason?: string;
  http?: Omit<NonNullable<Target['http']>, 'auth' | 'secretParameters'> & {
    auth?: { type: HttpAuth['type'] };
    /** Whether requests are signed with a stored Standard Webhooks secret. */
    signed?: boolean;
    /** The names of the sealed parameters. */
    secretParameters?: { headers?: string[]; queryParameters?: string[]; bodyParameters?: string[] };
  };
  eventbridge?: Omit<NonNullable<Target['eventbridge']>, 'credentials'> & { hasCredentials?: boolean };
}

export interface PutTargetsResult {
  failedEntryCount: number;
  failedEntries: Array<{ targetId: string; errorCode: string; errorMessage: string }>;
}

export interface RuleExplanation {
  rule: string;
  state: string;
  matched: boolean;
  path?: string;
  operator?: string;
  reason?: string;
}

export interface Attempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  outcome: string;
  statusCode?: number;
  errorCode?: string;
  errorMessage?: string;
}

export interface EventTrace {
  id: string;
  state: string;
  source: string;
  receivedAt: string;
  routedAt?: string;
  envelope?: unknown;
  deliveries: Array<{
    id: string;
    bus: string;
    rule: string;
    target: string;
    replayName?: string;
    state: string;
    attempts: Attempt[];
  }>;
}

export interface EventSummary {
  id: string;
  source: string;
  detailType: string;
  state: string;
  receivedAt: string;
}

export interface DeadLetterAttributes {
  ERROR_CODE?: string;
  ERROR_MESSAGE?: string;
  EXHAUSTED_RETRY_CONDITION?: string;
  RETRY_ATTEMPTS?: number;
  RULE_ARN?: string;
  TARGET_ARN?: string;
}

export interface Delivery {
  id: string;
  eventId: string;
  bus: string;
  rule: string;
  target: string;
  state: string;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: unknown;
  deadLetterAttributes?: DeadLetterAttributes;
  createdAt: string;
}

export interface RedriveFilter {
  bus?: string;
  rule?: string;
  target?: string;
  errorCode?: string;
  from?: string;
  to?: string;
  ids?: string[];
}

export interface AccountSummary {
  accountId: string;
  name: string;
}

export interface PartnerSummary {
  name: string;
  scheme: string;
}

export interface Archive {
  name: string;
  arn: string;
  eventSourceBus: string;
  eventSourceArn: string;
  eventPattern?: string;
  /** 0 keeps the events forever. */
  retentionDays: number;
  state: string;
  description?: string;
  eventCount: number;
  sizeBytes: number;
  createdAt: string;
}

export interface DryRunResult {
  matched: number;
  scanned: number;
  truncated: boolean;
  sample: unknown[];
}

export type ReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export interface ReplayDestination {
  bus?: string;
  filterRules?: string[];
  rule?: string;
  target?: string;
}

export interface Replay {
  name: string;
  description?: string;
  arn: string;
  state: ReplayState;
  stateReason?: string;
  archive: string;
  archiveArn: string;
  eventStartTime: string;
  eventEndTime: string;
  destination: ReplayDestination & { bus: string };
  progress: { eventsTotal: number; eventsReplayed: number; deliveriesCreated: number; percent: number };
  eventLastReplayedTime?: string;
  replayStartTime?: string;
  replayEndTime?: string;
  createdAt: string;
}
