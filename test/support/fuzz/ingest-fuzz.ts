import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Response } from 'supertest';
import { HttpSink } from '#libs/testing';
import { startHarness, type Harness } from '../harness.js';
import { createTenant, type Tenant } from '../fixtures.js';
import type { FuzzRequest } from '../providers/fuzz-arbitraries.js';
import { routedSource, type TestSource } from '../providers/ingest-client.js';

// What the ingest fuzzing specs share: a gateway with a small body cap and one routed source per
// scheme, the way generated requests are sent, and the checks every answer must pass. Runs and seed
// can be pinned: FUZZ_RUNS=20000 FUZZ_SEED=123 npm test.

export const MAX_BYTES = 2048;
export const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** How many cases a property runs: a share of FUZZ_RUNS, so every property scales with it. */
export const runs = (share: number) => Math.max(1, Math.round(RUNS * share));
export const fcOptions = (share: number) => ({
  numRuns: runs(share),
  ...(SEED === undefined ? {} : { seed: SEED }),
});

/** One source per scheme, plus the configurable schemes with non-default options. */
export const VERIFICATIONS: Array<Record<string, unknown>> = [
  { scheme: 'github', allowSha1: true },
  { scheme: 'stripe' },
  { scheme: 'shopify' },
  { scheme: 'slack' },
  { scheme: 'twilio' },
  { scheme: 'zendesk' },
  { scheme: 'standard-webhooks' },
  { scheme: 'hmac' },
  {
    scheme: 'hmac',
    header: 'x-signature',
    prefix: '',
    algorithm: 'sha512',
    encoding: 'base64url',
    signedContent: '{timestamp}.{id}.{body}',
    timestampHeader: 'webhook-timestamp',
    idHeader: 'x-event-id',
    detailTypeHeader: 'x-event-type',
  },
  { scheme: 'basic', idHeader: 'x-event-id', detailTypeHeader: 'x-event-type' },
  { scheme: 'api-key', header: 'authorization', queryParam: 'key' },
  { scheme: 'none', idHeader: 'x-event-id', detailTypeHeader: 'x-event-type' },
];

/**
 * A gateway and worker, a tenant, and one routed source per entry of VERIFICATIONS (in that order).
 * Its fields are set once the calling file's `before` ran; its helpers can be destructured.
 */
export class IngestFuzzWorld {
  h!: Harness;
  t!: Tenant;
  sink!: HttpSink;
  sources!: TestSource[];
  /** The source with the default hmac options. */
  hmacSource!: TestSource;

  async start(): Promise<void> {
    this.h = await startHarness({
      env: {
        HOOKBRIDGE_INGEST_MAX_BYTES: String(MAX_BYTES),
        HOOKBRIDGE_PUBLIC_URL: 'https://hooks.example.com',
      },
    });
    this.t = await createTenant(this.h);
    this.sink = await new HttpSink().start();
    // Every source routes (so the worker normalizes what is accepted) through a rule that matches
    // nothing, so thousands of events cost no deliveries.
    const never = { 'detail-type': ['hookbridge-fuzz-never-matches'] };
    this.sources = [];
    for (const v of VERIFICATIONS) this.sources.push(await routedSource(this.h, this.t, this.sink, v, never));
    this.hmacSource = this.byScheme('hmac');
  }

  async stop(): Promise<void> {
    await this.h?.close();
    await this.sink?.stop();
  }

  /** The first source of a scheme (the one with default options). */
  byScheme = (scheme: string): TestSource =>
    this.sources[VERIFICATIONS.findIndex((v) => v.scheme === scheme)] as TestSource;

  /** Sends a generated request to `path` through the real HTTP server, its bytes as generated. */
  send = (path: string, req: FuzzRequest): Promise<Response> => {
    const url = `${path}${req.query}`;
    const agent = this.h.http();
    const open = {
      GET: agent.get,
      PUT: agent.put,
      PATCH: agent.patch,
      DELETE: agent.delete,
      POST: agent.post,
    };
    let r = open[req.method].call(agent, url);
    for (const [name, value] of req.headers) r = r.set(name, value);
    if (req.contentType !== undefined) r = r.set('content-type', req.contentType);
    if (req.method === 'GET') return r;
    // The bytes go out as generated: superagent would otherwise re-serialise a Buffer whose
    // Content-Type is JSON or form (JSON.stringify(buffer), qs.stringify(buffer)).
    return r.serialize((data: Buffer) => data as unknown as string).send(req.body);
  };

  assertAlive = async (): Promise<void> => {
    const res = await this.h.http().get('/health/live');
    assert.equal(res.status, 200, `the gateway still answers /health/live: ${res.status} ${res.text}`);
  };
}

/** Starts an IngestFuzzWorld for the calling spec file (its own `before` and `after`). */
export function useIngestFuzzWorld(): IngestFuzzWorld {
  const world = new IngestFuzzWorld();
  before(() => world.start());
  after(() => world.stop());
  return world;
}

/** The one error shape, on any answer that is not a success. */
export function assertErrorShape(
  status: number,
  contentType: string | undefined,
  text: string,
  what: string,
): void {
  assert.match(
    String(contentType),
    /^application\/json/,
    `${what}: ${status} with content-type ${contentType}: ${text.slice(0, 300)}`,
  );
  let body: unknown;
  assert.doesNotThrow(
    () => (body = JSON.parse(text)),
    `${what}: ${status} body is not JSON: ${text.slice(0, 300)}`,
  );
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  assert.equal(typeof error?.code, 'string', `${what}: ${status} ${text.slice(0, 300)}`);
  assert.equal(typeof error?.message, 'string', `${what}: ${status} ${text.slice(0, 300)}`);
}

/** Never a 5xx; a success is an event id (or Slack's plain-text challenge); anything else the error shape. */
export function assertSane(res: Response, what: string): void {
  assert.ok(res.status < 500, `${what}: ${res.status} ${res.text.slice(0, 300)}`);
  if (res.status === 200 && /^text\/plain/.test(String(res.headers['content-type']))) return;
  if (res.status === 200 || res.status === 202) {
    assert.equal(typeof res.body.eventId, 'string', `${what}: ${res.status} ${res.text.slice(0, 300)}`);
    return;
  }
  assertErrorShape(res.status, res.headers['content-type'], res.text, what);
}
