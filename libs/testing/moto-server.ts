import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort as closedPort } from './processes.js';

/**
 * A real `moto_server` (AWS emulator) for specs, on a free local port, plus the few SQS calls the
 * specs need (the SQS SDK is not a dependency; moto speaks SQS's JSON protocol). Test-only.
 */
export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
  sqs<T = Record<string, unknown>>(action: string, input: Record<string, unknown>): Promise<T>;
}

/** Starts moto and resolves once it answers HTTP; rejects if it exits or is not up within `deadlineMs`. */
export async function startMotoServer(deadlineMs = 30_000): Promise<MotoServer> {
  const port = await closedPort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (exited) throw new Error('moto_server exited before answering');
    if (Date.now() > deadline) {
      await stop(child);
      throw new Error(`moto_server did not answer within ${deadlineMs} ms`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      // Not listening yet: poll again shortly (a polling interval under a deadline, not a fixed sleep).
      await delay(50);
    }
  }
  return {
    endpoint,
    stop: () => stop(child),
    sqs: async <T>(action: string, input: Record<string, unknown>) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `AmazonSQS.${action}`,
          // moto reads the region from the credential scope; the signature itself is not checked.
          authorization:
            'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: JSON.stringify(input),
      });
      if (!response.ok) throw new Error(`SQS ${action} failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exit;
  clearTimeout(timer);
}
