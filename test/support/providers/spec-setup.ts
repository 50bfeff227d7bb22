import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { HttpSink } from '#libs/testing';
import { startHarness } from '../harness.js';
import { createTenant } from '../fixtures.js';
import type { Wire } from './ingest-client.js';
import type { ProviderWorld } from './scheme-contract.js';

// Every webhook in the provider specs goes through the real HTTP endpoint of a running gateway, and
// the valid ones through the worker, so the envelope is the one a target would receive. The signers
// are the vendors' own libraries (see signers.ts), never Hookbridge's verifiers.

/** What the ingest URL is built from: Twilio signs it, so tests sign it too. */
export const PUBLIC_URL = 'https://hooks.example.com';

/** Starts a gateway + worker, a tenant and a sink for the calling spec file; returns an accessor. */
export function useProviderWorld(): () => ProviderWorld {
  let world: ProviderWorld | undefined;
  before(async () => {
    const h = await startHarness({ env: { HOOKBRIDGE_PUBLIC_URL: PUBLIC_URL } });
    world = { h, t: await createTenant(h), sink: await new HttpSink().start() };
  });
  after(async () => {
    await world?.h.close();
    await world?.sink.stop();
  });
  return () => {
    if (!world) throw new Error('the provider world is not started yet');
    return world;
  };
}

export const hex = (n = 32) => randomBytes(n / 2).toString('hex');
export const json = { 'content-type': 'application/json' };
export const form = { 'content-type': 'application/x-www-form-urlencoded' };
export const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
/** The ISO form the envelope uses for `time` (no milliseconds). */
export const envTime = (seconds: number) => iso(seconds).replace(/\.\d{3}Z$/, 'Z');
export const bodyOf = (env: Record<string, unknown>) => env.detail as Record<string, unknown>;
export const parse = (wire: Wire) => JSON.parse(wire.body) as Record<string, unknown>;
