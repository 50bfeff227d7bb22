import { z } from 'zod';

/** Queues a worker can consume; `WORKER_QUEUES` picks a subset so route and deliver scale apart. */
export const WORKER_QUEUE_NAMES = ['route', 'deliver', 'replay', 'maintenance'] as const;
export type WorkerQueueName = (typeof WORKER_QUEUE_NAMES)[number];

const DEV_ADMIN_TOKEN = 'dev-admin-token';
// 32 zero bytes: only ever acceptable outside production.
const DEV_SECRET_KEY = Buffer.alloc(32).toString('base64');

const cidr = z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'must be a CIDR such as 127.0.0.0/8 or ::1/128');

/** A comma-separated list; empty items are ignored. */
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
);

const boolish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

// Upper bounds keep every derived value usable: a timer delay over 2^31 - 1 ms fires after 1 ms, and
// now + a TTL past the year 275760 is an Invalid Date.
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const TEN_YEARS_HOURS = 10 * 365 * 24;

/** The environment variables Hookbridge reads, with their defaults. */
const envFields = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.url().default('postgres://localhost:5432/hookbridge'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // No default here: it is 2, or DATABASE_POOL_SIZE if that is smaller (see loadConfig).
  DATABASE_POOL_MIN: z.coerce.number().int().min(0).max(200).optional(),
  DATABASE_POOL_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).max(DAY_MS).default(10_000),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().min(1).default('{hookbridge}'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  HOOKBRIDGE_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').default(DEV_ADMIN_TOKEN),
  HOOKBRIDGE_SECRET_KEY: z
    .string()
    .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 random bytes in base64')
    .default(DEV_SECRET_KEY),
  HOOKBRIDGE_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must look like us-east-1')
    .default('us-east-1'),
  HOOKBRIDGE_PARTITION: z
    .string()
    .regex(/^aws[a-z-]*$/, 'must look like aws or aws-cn')
    .default('aws'),
  HOOKBRIDGE_PUBLIC_URL: z.url().optional(),
  HOOKBRIDGE_TARGET_ALLOWLIST: csv.pipe(z.array(cidr)).default([]),
  HOOKBRIDGE_AWS_DEFAULT_CREDENTIALS: boolish.default(false),
  HOOKBRIDGE_INGEST_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  HOOKBRIDGE_INGEST_LIMIT_PER_SOURCE: z.coerce.number().int().min(0).default(2_000),
  HOOKBRIDGE_INGEST_LIMIT_PER_PARTNER: z.coerce.number().int().min(0).default(10_000),
  HOOKBRIDGE_INGEST_MAX_BACKLOG: z.coerce.number().int().min(1).default(5_000),
  HOOKBRIDGE_INGEST_MAX_COMMIT_MS: z.coerce.number().int().min(1).default(2_000),
  HOOKBRIDGE_INGEST_MAX_ROUTE_WAITING: z.coerce.number().int().min(0).default(0),
  HOOKBRIDGE_PENDING_SOURCE_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(TEN_YEARS_HOURS)
    .default(14 * 24),
  HOOKBRIDGE_HELD_EVENT_TTL_HOURS: z.coerce.number().positive().max(TEN_YEARS_HOURS).default(24),
  HOOKBRIDGE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(HOUR_MS).default(15_000),
  HOOKBRIDGE_SWEEP_GRACE_MS: z.coerce.number().int().min(0).max(DAY_MS).default(30_000),
  HOOKBRIDGE_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  // Undici's keep-alive takes at least 1 ms; a cloud NAT drops an idle flow after 4–6 min.
  HOOKBRIDGE_TARGET_KEEPALIVE_MS: z.coerce.number().int().min(1).max(HOUR_MS).default(60_000),
  HOOKBRIDGE_ROUTE_RECORD_WAIT_MS: z.coerce.number().int().min(0).max(1_000).default(20),
  // A retry later than the longest event age (24 h) would never be made.
  HOOKBRIDGE_RETRY_BASE_MS: z.coerce.number().int().min(1).max(DAY_MS).default(1_000),
  HOOKBRIDGE_RETRY_CAP_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(DAY_MS)
    .default(15 * 60_000),
  HOOKBRIDGE_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
  HOOKBRIDGE_REPLAY_SLICE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  HOOKBRIDGE_REPLAY_SLICE_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  HOOKBRIDGE_MAX_CONCURRENT_REPLAYS: z.coerce.number().int().min(1).max(1000).default(10),
  HOOKBRIDGE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(25_000),
  // Slow clients (slow-loris): the whole request must arrive within REQUEST_TIMEOUT, its headers
  // within HEADERS_TIMEOUT; an idle keep-alive connection is closed after KEEP_ALIVE_TIMEOUT.
  HOOKBRIDGE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  HOOKBRIDGE_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  // Above the 60 s idle timeout of common load balancers, so they never reuse a closed connection.
  HOOKBRIDGE_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(72_000),
  WORKER_QUEUES: csv.pipe(z.array(z.enum(WORKER_QUEUE_NAMES)).min(1)).default([...WORKER_QUEUE_NAMES]),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  // The worker process has no API: its routing and delivery metrics get a listener of their own.
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  HOOKBRIDGE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: boolish.default(false),
});

export type Env = z.infer<typeof envFields>;

/** envFields with the checks that span variables, or that only apply in production. */
export const envSchema = envFields.superRefine(crossChecks, {
  // Run even when a variable failed, so that one start lists every problem (the values seen here
  // may then be unparsed: the checks only compare, which is safe with NaN or a raw string).
  when: () => true,
});

function crossChecks(env: Env, ctx: z.RefinementCtx<Env>): void {
  // Node's HTTP server refuses a headers timeout longer than the request timeout.
  if (env.HOOKBRIDGE_HEADERS_TIMEOUT_MS > env.HOOKBRIDGE_REQUEST_TIMEOUT_MS)
    ctx.addIssue({
      code: 'custom',
      path: ['HOOKBRIDGE_HEADERS_TIMEOUT_MS'],
      message: 'must not exceed HOOKBRIDGE_REQUEST_TIMEOUT_MS',
    });
  if (env.DATABASE_POOL_MIN !== undefined && env.DATABASE_POOL_MIN > env.DATABASE_POOL_SIZE)
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_POOL_MIN'],
      message: 'must not exceed DATABASE_POOL_SIZE',
    });
  if (env.HOOKBRIDGE_RETRY_BASE_MS > env.HOOKBRIDGE_RETRY_CAP_MS)
    ctx.addIssue({
      code: 'custom',
      path: ['HOOKBRIDGE_RETRY_BASE_MS'],
      message: 'must not exceed HOOKBRIDGE_RETRY_CAP_MS',
    });
  if (env.NODE_ENV !== 'production') return;
  if (env.HOOKBRIDGE_ADMIN_TOKEN === DEV_ADMIN_TOKEN)
    ctx.addIssue({
      code: 'custom',
      path: ['HOOKBRIDGE_ADMIN_TOKEN'],
      message: 'the dev default is refused in production',
    });
  if (env.HOOKBRIDGE_SECRET_KEY === DEV_SECRET_KEY)
    ctx.addIssue({
      code: 'custom',
      path: ['HOOKBRIDGE_SECRET_KEY'],
      message: 'the dev default is refused in production',
    });
  if (!env.HOOKBRIDGE_PUBLIC_URL)
    ctx.addIssue({ code: 'custom', path: ['HOOKBRIDGE_PUBLIC_URL'], message: 'is required in production' });
}
