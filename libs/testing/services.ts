import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { testEnvironment } from '#libs/config';
import { freePort } from './processes.js';
import { waitFor } from './wait-for.js';

/** Service children still running; killed if the test process exits without stopping them. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function trackUntilExit(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** A fresh directory under the OS temp dir; `remove()` deletes it and everything in it. */
export function createTempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A server binary run as a child process, its output kept (bounded) for failure messages. */
class ServiceProcess {
  private readonly output: string[] = [];
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    private readonly command: string,
    private readonly args: string[],
    private readonly user?: { uid: number; gid: number },
  ) {}

  start(): void {
    const child = spawn(this.command, this.args, {
      env: { PATH: testEnvironment().path, LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...this.user,
    });
    this.child = child;
    trackUntilExit(child);
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (d: Buffer) => {
        this.output.push(d.toString());
        if (this.output.length > 500) this.output.splice(0, 100);
      });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` and waits for the exit; SIGKILL after `timeoutMs`. */
  async stop(signal: NodeJS.Signals, timeoutMs = 15_000): Promise<void> {
    if (!this.child || !this.running) return;
    this.child.kill(signal);
    const timedOut = await Promise.race([
      this.exited?.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref()),
    ]);
    if (timedOut) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  tail(lines = 30): string {
    return this.output.join('').split('\n').slice(-lines).join('\n');
  }
}

/** PostgreSQL's server binaries: `pg_config --bindir`, else the newest under /usr/lib/postgresql. */
function postgresBinDir(): string {
  const configured = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = configured.status === 0 ? [configured.stdout.trim()] : [];
  if (existsSync('/usr/lib/postgresql'))
    candidates.push(
      ...readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`),
    );
  const dir = candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'postgres')));
  if (!dir) throw new Error(`no PostgreSQL server binaries (initdb, postgres) in ${candidates.join(', ')}`);
  return dir;
}

/** PostgreSQL refuses to run as root: when we are root, its processes run as the `postgres` user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A PostgreSQL server of the test's own (own data dir and free port, TCP on 127.0.0.1 only, trust
 * auth), so a test can stop and restart it without touching the machine's PostgreSQL.
 */
export class PostgresServer {
  private readonly proc: ServiceProcess;

  private constructor(
    private readonly dataDir: string,
    readonly port: number,
    bin: string,
    user: { uid: number; gid: number } | undefined,
    settings: Record<string, string>,
  ) {
    const options = {
      listen_addresses: '127.0.0.1',
      // TCP only: no socket file to place where the server's user may write.
      unix_socket_directories: '',
      ...settings,
    };
    const args = ['-D', dataDir, '-p', String(port)];
    for (const [k, v] of Object.entries(options)) args.push('-c', `${k}=${v}`);
    this.proc = new ServiceProcess(join(bin, 'postgres'), args, user);
  }

  /**
   * Creates a cluster in `dataDir` (which must not exist yet) and starts it. `settings` are
   * postgresql.conf parameters, e.g. `{ fsync: 'off' }`.
   */
  static async start(dataDir: string, settings: Record<string, string> = {}): Promise<PostgresServer> {
    const bin = postgresBinDir();
    const user = postgresUser();
    mkdirSync(dataDir, { mode: 0o700 });
    if (user) {
      chownSync(dataDir, user.uid, user.gid);
      // The server's user must be able to reach its data dir through the (root-owned) parent.
      chmodSync(dirname(dataDir), 0o711);
    }
    const init = spawnSync(
      join(bin, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
      { encoding: 'utf8', env: { PATH: testEnvironment().path, LANG: 'C' }, ...user },
    );
    if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr}${init.stdout}`);
    const server = new PostgresServer(dataDir, await freePort(), bin, user, settings);
    await server.start();
    return server;
  }

  /** A connection URL for `database` as the `postgres` superuser. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server on its port and waits until it accepts queries. */
  async start(): Promise<void> {
    this.proc.start();
    await waitFor(
      'PostgreSQL to accept connections',
      async () => {
        if (!this.proc.running) throw new Error(`postgres exited\n${this.proc.tail()}`);
        const c = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 1_000 });
        c.on('error', () => undefined);
        try {
          await c.connect();
          await c.query('SELECT 1');
          return true;
        } finally {
          await c.end().catch(() => undefined);
        }
      },
      30_000,
    );
  }

  /**
   * Stops the server. The default is an immediate shutdown (SIGQUIT): every backend is killed at
   * once and the next start replays the WAL, as after a crash.
   */
  async stop(signal: 'SIGQUIT' | 'SIGINT' = 'SIGQUIT'): Promise<void> {
    await this.proc.stop(signal);
  }

  /** Stops the server (as `stop`) and starts it again on the same port and data dir. */
  async restart(signal: 'SIGQUIT' | 'SIGINT' = 'SIGQUIT'): Promise<void> {
    await this.stop(signal);
    await this.start();
  }

  tail(lines = 30): string {
    return `--- postgres (${this.dataDir})\n${this.proc.tail(lines)}`;
  }
}

/**
 * A Redis server of the test's own (own dir and free port). Its append-only file is fsynced on
 * every write, so a restart — even after SIGKILL — keeps every queued job (docker-compose.yml runs
 * Redis with `appendonly yes` too).
 */
export class RedisServer {
  private readonly proc: ServiceProcess;

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {
    const config = {
      port: String(port),
      bind: '127.0.0.1',
      dir,
      appendonly: 'yes',
      appendfsync: 'always',
      save: '',
      'maxmemory-policy': 'noeviction',
    };
    const args = Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]);
    this.proc = new ServiceProcess('redis-server', args);
  }

  /** Starts a server that keeps its files in `dir` (created if missing). */
  static async start(dir: string): Promise<RedisServer> {
    mkdirSync(dir, { recursive: true });
    const server = new RedisServer(dir, await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server and waits until it answers PING (after loading its append-only file). */
  async start(): Promise<void> {
    this.proc.start();
    await waitFor(
      'Redis to answer PING',
      async () => {
        if (!this.proc.running) throw new Error(`redis-server exited\n${this.proc.tail()}`);
        return (await this.command((r) => r.ping())) === 'PONG';
      },
      30_000,
    );
  }

  /** Stops the server; SIGKILL by default, a crash (the append-only file has every write). */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.proc.stop(signal);
  }

  /** Stops the server (as `stop`) and starts it again on the same port and files. */
  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.stop(signal);
    await this.start();
  }

  /** FLUSHALL: every key of every database is gone, as with a lost Redis. */
  async flushAll(): Promise<void> {
    await this.command((r) => r.flushall());
  }

  /** Runs one command on a short-lived connection that fails fast instead of retrying. */
  async command<T>(f: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
      connectTimeout: 1_000,
    });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return await f(redis);
    } finally {
      redis.disconnect();
    }
  }

  tail(lines = 30): string {
    return `--- redis (${this.dir})\n${this.proc.tail(lines)}`;
  }
}
