import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { HttpSink } from '#libs/testing';
import type { Harness } from '../harness.js';
import type { Tenant } from '../fixtures.js';
import {
  addSecret,
  assertAccepted,
  assertError,
  post,
  retireSecret,
  routedEnvelope,
  routedSource,
  testSource,
  type TestSource,
  type Wire,
} from './ingest-client.js';
import { nowSeconds } from './signers.js';

/** What every provider test file shares: one gateway + worker, one tenant, one HTTP sink. */
export interface ProviderWorld {
  h: Harness;
  t: Tenant;
  sink: HttpSink;
}

/** How one scheme (or one variant of it) is signed, broken and normalized. */
export interface SchemeCase {
  /** `verification` minus `secrets`: the scheme and its options. */
  verification: { scheme: string } & Record<string, unknown>;
  /** Who issues the secret: the provider (given to Hookbridge) or Hookbridge (generated). */
  issuer: 'provider' | 'hookbridge';
  /** A fresh random secret in the scheme's format. */
  newSecret: () => string;
  /** A fresh, unique webhook signed with `secret`; `at` is the signed time in Unix seconds. */
  sign: (secret: string, ctx: { source: TestSource; at: number }) => Promise<Wire> | Wire;
  /** Variants of a valid wire that lack something the scheme needs → 401 MissingSignature. */
  missing: (w: Wire) => Wire[];
  /** Variants whose signature material cannot be parsed → 401 MalformedSignature (none for api-key). */
  malformed?: (w: Wire) => Wire[];
  /** Whether the signature covers the body (false for basic and api-key). */
  bodySigned: boolean;
  /** Whether a signed timestamp is checked against a ±300 s window. */
  timestamped: boolean;
  /** Assertions on the routed envelope of the valid webhook `w`. */
  envelope: (env: Record<string, unknown>, w: Wire) => void;
}

/** A copy of `w` without the named headers (names as the case spells them). */
export function without(w: Wire, ...names: string[]): Wire {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return {
    ...w,
    headers: Object.fromEntries(Object.entries(w.headers).filter(([k]) => !drop.has(k.toLowerCase()))),
  };
}

/** A copy of `w` with some headers replaced or added. */
export function withHeaders(w: Wire, overrides: Record<string, string>): Wire {
  return { ...w, headers: { ...without(w, ...Object.keys(overrides)).headers, ...overrides } };
}

const TOLERANCE = 300;

/**
 * Registers the contract every scheme keeps, through the real HTTP endpoint, in the calling
 * `describe`: valid → 202 and normalized; duplicate → 200; tampered body, wrong secret, missing or
 * malformed headers → 401; stale and far-future timestamps → 401 where timestamped; an older active
 * secret → 202; rotation through the API. `world()` is read once the file's `before` has run.
 */
export function schemeContract(world: () => ProviderWorld, c: SchemeCase): void {
  let routed: TestSource;
  let current: string;
  before(async () => {
    const { h, t, sink } = world();
    current = c.newSecret();
    routed = await routedSource(h, t, sink, { ...c.verification, secrets: [current] });
  });
  const send = (w: Wire) => post(world().h, routed, w);
  const signNow = (secret = current, at = nowSeconds()) => c.sign(secret, { source: routed, at });

  test('valid → 202, and the worker normalizes it into the envelope', async () => {
    const { h, t } = world();
    const wire = await signNow();
    const eventId = assertAccepted(await send(wire));
    const env = await routedEnvelope(h, t, eventId);
    assert.equal(env.id, eventId);
    assert.equal(env.source, routed.name);
    assert.equal(env.account, t.accountId);
    c.envelope(env, wire);
  });

  test('the same delivery again → 200 with the original event id', async () => {
    const wire = await signNow();
    const first = assertAccepted(await send(wire));
    const again = await send(wire);
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.body, { eventId: first, duplicate: true });
  });

  if (c.bodySigned) {
    test('a tampered body → 401 InvalidSignature', async () => {
      const wire = await signNow();
      const tampered = { ...wire, body: wire.body.replace(/.$/s, (ch) => (ch === '}' ? ' }' : `${ch}x`)) };
      assert.notEqual(tampered.body, wire.body);
      assertError(await send(tampered), 401, 'InvalidSignature', [current]);
    });
  }

  test('signed with a secret the source does not have → 401 InvalidSignature', async () => {
    assertError(await send(await signNow(c.newSecret())), 401, 'InvalidSignature', [current]);
  });

  test('a missing signature header → 401 MissingSignature', async () => {
    const variants = c.missing(await signNow());
    assert.ok(variants.length > 0);
    for (const v of variants) assertError(await send(v), 401, 'MissingSignature', [current]);
  });

  const malformed = c.malformed;
  if (malformed) {
    test('a malformed signature header → 401 MalformedSignature', async () => {
      const variants = malformed(await signNow());
      assert.ok(variants.length > 0);
      for (const v of variants) assertError(await send(v), 401, 'MalformedSignature', [current]);
    });
  }

  if (c.timestamped) {
    test('stale and far-future timestamps → 401 StaleTimestamp; inside the window → 202', async () => {
      const now = nowSeconds();
      assertError(await send(await signNow(current, now - 2 * TOLERANCE)), 401, 'StaleTimestamp', [current]);
      assertError(await send(await signNow(current, now + 2 * TOLERANCE)), 401, 'StaleTimestamp', [current]);
      assertAccepted(await send(await signNow(current, now - TOLERANCE + 60)));
      assertAccepted(await send(await signNow(current, now + TOLERANCE - 60)));
    });
  }

  test('any active secret verifies: one signed with the older of two → 202', async () => {
    const { h, t } = world();
    const [newer, older] = [c.newSecret(), c.newSecret()];
    const s = await testSource(h, t, { ...c.verification, secrets: [newer, older] });
    assertAccepted(await post(h, s, await c.sign(older, { source: s, at: nowSeconds() })));
    assertAccepted(await post(h, s, await c.sign(newer, { source: s, at: nowSeconds() })));
  });

  test('rotation through the API: the new and the old secret verify until the old one is retired', async () => {
    const { h, t } = world();
    const old = c.newSecret();
    const s = await testSource(h, t, { ...c.verification, secrets: [old] });
    const sign = (secret: string) => c.sign(secret, { source: s, at: nowSeconds() });
    const given = c.issuer === 'provider' ? c.newSecret() : undefined;
    const added = await addSecret(h, t, s.name, given);
    assert.equal(added.status, 201, added.text);
    assert.equal(typeof added.body.id, 'string');
    assert.equal(typeof added.body.secret, 'string');
    if (given !== undefined) assert.equal(added.body.secret, given);
    else assert.ok(added.body.secret.length >= 16, 'a generated secret');
    const next = added.body.secret as string;

    assertAccepted(await post(h, s, await sign(next)));
    assertAccepted(await post(h, s, await sign(old)));
    const oldId = s.secretIds[0];
    assert.ok(oldId);
    const retired = await retireSecret(h, t, s.name, oldId);
    assert.equal(retired.status, 204, retired.text);
    assertError(await post(h, s, await sign(old)), 401, 'InvalidSignature', [old, next]);
    assertAccepted(await post(h, s, await sign(next)));
  });
}
