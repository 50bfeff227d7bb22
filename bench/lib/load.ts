import http from 'node:http';

/** One request the load generator sends; `body` and `headers` are built per request (unique ids). */
export interface RequestSpec {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  sent: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Accepted (2xx) per second over the run. */
  acceptedPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /**
   * Open loop only: requests actually sent per second. Below the rate asked for when the load
   * generator itself ran out of CPU (it shares the cores with what it measures).
   */
  sentPerSecond?: number;
}

/** The `p` quantile (0–1) of ascending `sorted`; 0 when empty. */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) : 0;

function post(agent: http.Agent, base: URL, spec: RequestSpec): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: spec.path,
        method: 'POST',
        agent,
        headers: { ...spec.headers, 'content-length': Buffer.byteLength(spec.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}

function summarise(
  latencies: number[],
  statuses: Record<string, number>,
  errors: number,
  seconds: number,
): LoadResult {
  latencies.sort((a, b) => a - b);
  const accepted = Object.entries(statuses)
    .filter(([s]) => s.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    sent: latencies.length + errors,
    statuses,
    acceptedPerSecond: Math.round(accepted / seconds),
    p50Ms: round(percentile(latencies, 0.5)),
    p90Ms: round(percentile(latencies, 0.9)),
    p99Ms: round(percentile(latencies, 0.99)),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
    errors,
  };
}

/** Closed loop: `connections` clients each send their next request as soon as the last is answered. */
export async function saturate(
  baseUrl: string,
  next: () => RequestSpec,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const status = await post(agent, base, next());
          statuses[status] = (statuses[status] ?? 0) + 1;
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  agent.destroy();
  return summarise(latencies, statuses, errors, (performance.now() - started) / 1000);
}

/**
 * Open loop at an even pace (not autocannon's bursty per-second quota): request i is due at
 * t0 + i/rate, and its latency is measured from when it was due, so a stall is not hidden
 * (no coordinated omission). The first `warmupSeconds` are sent but not measured.
 */
export async function steady(
  baseUrl: string,
  next: () => RequestSpec,
  rate: number,
  seconds: number,
  warmupSeconds = 1,
): Promise<LoadResult> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const total = Math.round(rate * (seconds + warmupSeconds));
  const warmup = Math.round(rate * warmupSeconds);
  const inflight: Array<Promise<void>> = [];
  const sendMs = await paced(rate, total, (i, scheduled) => {
    inflight.push(
      post(agent, base, next()).then(
        (status) => {
          if (i < warmup) return;
          statuses[status] = (statuses[status] ?? 0) + 1;
          latencies.push(performance.now() - scheduled);
        },
        () => {
          if (i >= warmup) errors++;
        },
      ),
    );
  });
  await Promise.all(inflight);
  agent.destroy();
  return {
    ...summarise(latencies, statuses, errors, seconds),
    sentPerSecond: Math.round((total / Math.max(sendMs, 1)) * 1000),
  };
}

/**
 * Calls `send(i, scheduled)` for i = 0 … total − 1 at an even pace of `rate` a second: every
 * millisecond, those that are due (`scheduled`: when i was due, on `performance.now()`'s clock).
 * A timer tick, not a spin, so the pacing itself leaves the cores to what is measured. Resolves
 * with the milliseconds the sending took (longer than planned when the sender fell behind).
 */
export async function paced(
  rate: number,
  total: number,
  send: (i: number, scheduled: number) => void,
): Promise<number> {
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      for (; sent < due; sent++) send(sent, t0 + (sent / rate) * 1000);
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  return performance.now() - t0;
}

/** The median of a list of numbers. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
