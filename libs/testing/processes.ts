import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { testEnvironment } from '#libs/config';
import { waitFor } from './wait-for.js';

/** A port that was free a moment ago (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** A child Node process whose output is kept for failure messages. */
export class NodeProcess {
  readonly output: string[] = [];
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): this {
    const { path, childNodeOptions, profileDir } = testEnvironment();
    const profiling = {
      ...(childNodeOptions ? { NODE_OPTIONS: childNodeOptions } : {}),
      ...(profileDir ? { HOOKBRIDGE_PROFILE_DIR: profileDir } : {}),
    };
    this.child = spawn(process.execPath, ['--enable-source-maps', this.script], {
      env: { PATH: path, ...profiling, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr])
      stream?.on('data', (d: Buffer) => this.output.push(d.toString()));
    const child = this.child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    return this;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Runs to completion and returns the exit code (for one-shot processes such as migrate). */
  async run(timeoutMs = 30_000): Promise<number | null> {
    this.start();
    return waitFor(
      `${this.name} to exit`,
      async () => ({ code: (await this.exited) ?? null }),
      timeoutMs,
    ).then((r) => r.code);
  }

  /** Sends a signal and waits for the exit; returns the exit code (null when killed by a signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<number | null> {
    if (!this.child || !this.running) return this.child?.exitCode ?? null;
    this.child.kill(signal);
    const code = await Promise.race([
      this.exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref()),
    ]);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`${this.name} did not exit within ${timeoutMs} ms of ${signal}\n${this.tail()}`);
    }
    return code ?? null;
  }

  tail(lines = 40): string {
    return this.output.join('').split('\n').slice(-lines).join('\n');
  }
}
