import { userInfo } from 'node:os';
import { envSchema, type WorkerQueueName } from './config.schema.js';

/** The typed configuration every part of Hookbridge receives; built once from the environment. */
export interface AppConfig {
  readonly env: 'development' | 'test' | 'production';
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  /**
   * PostgreSQL connections each process opens at start and keeps however long they sit idle, so
   * that a webhook after a quiet spell does not wait for a new connection (at most the pool size).
   */
  readonly databasePoolMin: number;
  /** How long a connection beyond `databasePoolMin` may sit idle before it is closed; 0: never. */
  readonly databasePoolIdleTimeoutMs: number;
  readonly redisUrl: string;
  /** BullMQ prefix; a Redis Cluster hash tag such as `{hookbridge}` keeps a queue on one slot. */
  readonly queuePrefix: string;
  readonly port: number;
  readonly host: string;
  readonly adminToken: string;
  /** AES-256-GCM key for secrets at rest. */
  readonly secretKey: Buffer;
  readonly region: string;
  readonly partition: string;
  /** Base of the ingest URLs handed to partners. */
  readonly publicUrl: string;
  readonly targetAllowlist: readonly string[];
  /**
   * Whether an EventBridge target without stored credentials may call AWS with the worker's own (the
   * SDK's default chain). Off by default: any tenant could otherwise publish as the operator.
   */
  readonly awsDefaultCredentials: boolean;
  readonly ingestMaxBytes: number;
  /** Webhooks per second per source and per partner (0 = no limit); past it, 429. */
  readonly ingestLimitPerSource: number;
  readonly ingestLimitPerPartner: number;
  /** Events waiting for a commit beyond which ingest answers 429. */
  readonly ingestMaxBacklog: number;
  /** Average commit latency beyond which ingest answers 429. */
  readonly ingestMaxCommitMs: number;
  /** Route jobs waiting in Redis from which ingest answers 429 (0 = no bound). */
  readonly ingestMaxRouteWaiting: number;
  readonly pendingSourceTtlMs: number;
  readonly heldEventTtlMs: number;
  readonly sweepIntervalMs: number;
  readonly sweepGraceMs: number;
  readonly deliveryTimeoutMs: number;
  /** How long an idle connection to an HTTP target that sends no keep-alive hint is kept. */
  readonly targetKeepAliveMs: number;
  /**
   * How long a routing statement waits for the first attempts it started early, to record those
   * that succeed meanwhile itself (0: it does not wait).
   */
  readonly routeRecordWaitMs: number;
  readonly retryBaseMs: number;
  readonly retryCapMs: number;
  readonly eventRetentionDays: number;
  /** Events per replay slice (one transaction, one cursor advance). */
  readonly replaySliceSize: number;
  /** Pause between two slices of a replay: paces replays apart from live traffic. */
  readonly replaySliceDelayMs: number;
  /** Replays STARTING, RUNNING or CANCELLING at once per account (AWS: 10). */
  readonly maxConcurrentReplays: number;
  /** How long SIGTERM may take to finish in-flight work before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** The whole request (headers and body) must arrive within this, else 408 and the connection closes. */
  readonly requestTimeoutMs: number;
  /** The request headers must arrive within this, else 408 and the connection closes. */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  readonly workerQueues: readonly WorkerQueueName[];
  readonly workerConcurrency: number;
  /** Port of the worker process's `/metrics` listener (on `host`); 0: none. */
  readonly workerMetricsPort: number;
  /** When set, `/metrics` (gateway and worker) answers only `Authorization: Bearer <it>`. */
  readonly metricsToken?: string;
  readonly logLevel: string;
  readonly logPretty: boolean;
}

/**
 * Connections kept open by default: one for a lone webhook's commit (or routing statement) and one
 * for whatever runs beside it, such as a sweep or an API call.
 */
const DEFAULT_POOL_MIN = 2;

/** Thrown when the environment is invalid; the message lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates an environment (`process.env` by default) into an AppConfig, or throws ConfigError. */
export function loadConfig(source: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  // An empty (or blank) variable means "unset": `FOO=` in a compose file should not fail validation,
  // and a number coerced from blanks would be 0.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    databaseUrl: withDefaultUser(e.DATABASE_URL),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databasePoolMin: e.DATABASE_POOL_MIN ?? Math.min(DEFAULT_POOL_MIN, e.DATABASE_POOL_SIZE),
    databasePoolIdleTimeoutMs: e.DATABASE_POOL_IDLE_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    port: e.PORT,
    host: e.HOST,
    adminToken: e.HOOKBRIDGE_ADMIN_TOKEN,
    secretKey: Buffer.from(e.HOOKBRIDGE_SECRET_KEY, 'base64'),
    region: e.HOOKBRIDGE_REGION,
    partition: e.HOOKBRIDGE_PARTITION,
    publicUrl: (e.HOOKBRIDGE_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    targetAllowlist: e.HOOKBRIDGE_TARGET_ALLOWLIST,
    awsDefaultCredentials: e.HOOKBRIDGE_AWS_DEFAULT_CREDENTIALS,
    ingestMaxBytes: e.HOOKBRIDGE_INGEST_MAX_BYTES,
    ingestLimitPerSource: e.HOOKBRIDGE_INGEST_LIMIT_PER_SOURCE,
    ingestLimitPerPartner: e.HOOKBRIDGE_INGEST_LIMIT_PER_PARTNER,
    ingestMaxBacklog: e.HOOKBRIDGE_INGEST_MAX_BACKLOG,
    ingestMaxCommitMs: e.HOOKBRIDGE_INGEST_MAX_COMMIT_MS,
    ingestMaxRouteWaiting: e.HOOKBRIDGE_INGEST_MAX_ROUTE_WAITING,
    pendingSourceTtlMs: e.HOOKBRIDGE_PENDING_SOURCE_TTL_HOURS * 3_600_000,
    heldEventTtlMs: e.HOOKBRIDGE_HELD_EVENT_TTL_HOURS * 3_600_000,
    sweepIntervalMs: e.HOOKBRIDGE_SWEEP_INTERVAL_MS,
    sweepGraceMs: e.HOOKBRIDGE_SWEEP_GRACE_MS,
    deliveryTimeoutMs: e.HOOKBRIDGE_DELIVERY_TIMEOUT_MS,
    targetKeepAliveMs: e.HOOKBRIDGE_TARGET_KEEPALIVE_MS,
    routeRecordWaitMs: e.HOOKBRIDGE_ROUTE_RECORD_WAIT_MS,
    retryBaseMs: e.HOOKBRIDGE_RETRY_BASE_MS,
    retryCapMs: e.HOOKBRIDGE_RETRY_CAP_MS,
    eventRetentionDays: e.HOOKBRIDGE_EVENT_RETENTION_DAYS,
    replaySliceSize: e.HOOKBRIDGE_REPLAY_SLICE_SIZE,
    replaySliceDelayMs: e.HOOKBRIDGE_REPLAY_SLICE_DELAY_MS,
    maxConcurrentReplays: e.HOOKBRIDGE_MAX_CONCURRENT_REPLAYS,
    shutdownTimeoutMs: e.HOOKBRIDGE_SHUTDOWN_TIMEOUT_MS,
    requestTimeoutMs: e.HOOKBRIDGE_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: e.HOOKBRIDGE_HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: e.HOOKBRIDGE_KEEP_ALIVE_TIMEOUT_MS,
    workerQueues: e.WORKER_QUEUES,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    metricsToken: e.HOOKBRIDGE_METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY,
  };
}

/**
 * Like libpq, a URL without a user name connects as the operating-system user: node-postgres would
 * otherwise read $USER, which is unset in many containers and CI shells.
 */
function withDefaultUser(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.username) return databaseUrl;
  try {
    url.username = userInfo().username;
  } catch {
    return databaseUrl;
  }
  return url.toString();
}
