/**
 * The environment the test suite reads: where the test PostgreSQL and Redis are, and how loud the
 * in-process apps log. Kept here so that process.env is read in one library only.
 */
export function testEnvironment(): {
  databaseUrl: string;
  redisUrl: string;
  logLevel: string;
  path: string;
  childNodeOptions?: string;
  profileDir?: string;
} {
  return {
    databaseUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    path: process.env.PATH ?? '',
    // NODE_OPTIONS for the processes tests and benchmarks start (e.g. an --import preload to profile them).
    childNodeOptions: process.env.HOOKBRIDGE_CHILD_NODE_OPTIONS,
    // Where scripts/cpu-profile-preload.mjs writes those processes' profiles.
    profileDir: process.env.HOOKBRIDGE_PROFILE_DIR,
  };
}
