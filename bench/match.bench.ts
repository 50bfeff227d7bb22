/**
 * bench:match — events/s of the compiled EventBridge pattern matcher on one core.
 *
 * Seeded rules of mixed operators over ~1 KB GitHub/Stripe/Shopify partner events; measured for
 * 10, 1,000 and 10,000 mixed rules and for 1,000 rules of each operator class. Each figure is the
 * best of 9 timed windows after a warm-up window (the median window is reported beside it):
 * on a shared machine the best window is the closest estimate of uncontended throughput.
 * Prints exactly one JSON line on stdout.
 * Run: npm run build && node dist/bench/match.bench.js   (pin a core with `taskset -c 0` if you can)
 */
import {
  compileRules,
  parsePattern,
  type EventPattern,
  type RuleMatcher,
} from '../libs/event-pattern/index.js';
import { makeEvents, rng, SOURCES, V, type Rand } from '../libs/event-pattern/fixtures/partner-events.js';

const WINDOW_MS = 150;
const WINDOWS = 9;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

type Partner = 'github' | 'stripe' | 'shopify';
type Fragment = Record<string, unknown>;
type Op = (r: Rand) => Fragment;

/** `detail.a.b` + leaf array → nested pattern object. */
function at(path: string, leaf: unknown[]): Fragment {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), leaf) as Fragment;
}

function merge(a: Fragment, b: Fragment): Fragment {
  const out: Fragment = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev && typeof prev === 'object' && !Array.isArray(prev) ? merge(prev as Fragment, v as Fragment) : v;
  }
  return out;
}

const repoName = (r: Rand): string => `${pick(r, V.orgs)}/${pick(r, V.repos)}`;
const email = (r: Rand): string => `${pick(r, V.users).toLowerCase()}@${pick(r, V.domains)}`;

/** Operator classes: each yields one condition for a partner's events. */
const OPS: Record<string, Record<Partner, Op>> = {
  exact: {
    github: (r) => at('detail.repository.full_name', [repoName(r)]),
    stripe: (r) => at('detail.data.object.customer', [`cus_${int(r, 1, 50000)}`]),
    shopify: (r) => at('detail.line_items.sku', [`SKU-${int(r, 100, 999)}`]),
  },
  prefix: {
    github: (r) => at('detail.repository.full_name', [{ prefix: `${pick(r, V.orgs)}/${pick(r, V.repos)}` }]),
    stripe: (r) => at('detail.data.object.metadata.order_id', [{ prefix: `ord_${int(r, 1, 9999)}` }]),
    shopify: (r) => at('detail.email', [{ prefix: pick(r, V.users).toLowerCase() + '@' }]),
  },
  suffix: {
    github: (r) => at('detail.pull_request.title', [{ suffix: ` in ${pick(r, V.repos)}` }]),
    stripe: (r) => at('detail.data.object.receipt_email', [{ suffix: email(r).slice(2) }]),
    shopify: (r) => at('detail.email', [{ suffix: email(r).slice(1) }]),
  },
  'equals-ignore-case': {
    github: (r) => at('detail.sender.login', [{ 'equals-ignore-case': pick(r, V.users).toUpperCase() }]),
    stripe: (r) => at('detail.data.object.receipt_email', [{ 'equals-ignore-case': email(r).toUpperCase() }]),
    shopify: (r) => at('detail.line_items.vendor', [{ 'equals-ignore-case': pick(r, V.vendors).toLowerCase() }]),
  },
  wildcard: {
    github: (r) => at('detail.repository.full_name', [{ wildcard: `${pick(r, V.orgs)}/*-${int(r, 1, 49)}` }]),
    stripe: (r) => at('detail.data.object.receipt_email', [{ wildcard: `${pick(r, V.users).toLowerCase()}@*` }]),
    shopify: (r) => at('detail.email', [{ wildcard: `*@${pick(r, V.domains)}` }]),
  },
  'anything-but': {
    github: (r) => at('detail.action', [{ 'anything-but': [pick(r, V.ghActions), pick(r, V.ghActions)] }]),
    stripe: (r) => at('detail.data.object.status', [{ 'anything-but': { prefix: pick(r, V.statuses).slice(0, 3) } }]),
    shopify: (r) => at('detail.financial_status', [{ 'anything-but': pick(r, V.financial) }]),
  },
  numeric: {
    github: (r) => ((lo) => at('detail.pull_request.additions', [{ numeric: ['>=', lo, '<', lo + 50] }]))(int(r, 0, 2950)),
    stripe: (r) => ((lo) => at('detail.data.object.amount', [{ numeric: ['>', lo, '<=', lo + 500] }]))(int(r, 0, 499000)),
    shopify: (r) => at('detail.customer.orders_count', [{ numeric: ['=', int(r, 0, 40)] }]),
  },
  exists: {
    github: (r) => at(`detail.pull_request.${pick(r, ['merged_by', 'milestone', 'draft'])}`, [{ exists: r() < 0.5 }]),
    stripe: (r) => at(`detail.data.object.${pick(r, ['refunds', 'dispute', 'amount'])}`, [{ exists: r() < 0.5 }]),
    shopify: (r) => at(`detail.${pick(r, ['cancel_reason', 'closed_at', 'tags'])}`, [{ exists: r() < 0.5 }]),
  },
  cidr: {
    github: (r) => at('detail.pull_request.head.ref', [{ cidr: `10.${int(r, 0, 255)}.0.0/16` }]),
    stripe: (r) => at('detail.request.ip', [{ cidr: `2001:db8:${(int(r, 0, 4095) * 16).toString(16)}::/44` }]),
    shopify: (r) => at('detail.browser_ip', [{ cidr: `${int(r, 1, 223)}.${int(r, 0, 255)}.0.0/16` }]),
  },
  $or: {
    github: (r) => ({ $or: [at('detail.sender.login', [pick(r, V.users)]), at('detail.pull_request.head.ref', [pick(r, V.branches)])] }),
    stripe: (r) => ({ $or: [at('detail.data.object.customer', [`cus_${int(r, 1, 50000)}`]), at('detail.data.object.metadata.order_id', [`ord_${int(r, 1, 1e6)}`])] }),
    shopify: (r) => ({ $or: [at('detail.customer.id', [int(r, 1e9, 9e9)]), at('detail.line_items.sku', [`SKU-${int(r, 100, 999)}`])] }),
  },
}; // prettier-ignore

function sourceOf(r: Rand, partner: Partner): Fragment {
  if (partner === 'stripe') return { source: [SOURCES.stripe] };
  return {
    source: [partner === 'github' ? SOURCES.github(pick(r, V.orgs)) : SOURCES.shopify(pick(r, V.shops))],
  };
}

/** A realistic rule: a source, one selective condition, and up to two more of any class. */
function mixedRule(r: Rand): Fragment {
  const partner = pick(r, ['github', 'stripe', 'shopify'] as const);
  let rule = merge(
    sourceOf(r, partner),
    OPS[pick(r, ['exact', 'prefix', 'equals-ignore-case', '$or'])][partner](r),
  );
  for (let extra = int(r, 0, 2); extra > 0; extra--)
    rule = merge(rule, OPS[pick(r, Object.keys(OPS))][partner](r));
  return rule;
}

function classRule(r: Rand, op: string): Fragment {
  const partner = pick(r, ['github', 'stripe', 'shopify'] as const);
  const source =
    partner === 'github'
      ? SOURCES.github('org-1')
      : partner === 'shopify'
        ? SOURCES.shopify('shop-1')
        : SOURCES.stripe;
  return merge({ source: [{ prefix: source.slice(0, 20) }] }, OPS[op][partner](r));
}

function compile(fragments: Fragment[]): RuleMatcher {
  const rules: Array<{ id: string; pattern: EventPattern }> = fragments.map((f, i) => ({
    id: `rule-${i}`,
    pattern: parsePattern(f),
  }));
  return compileRules(rules);
}

/** Median events/s over 3 windows, plus the average number of matching rules per event. */
interface Rate {
  /** Best window: the closest estimate of uncontended one-core throughput on a shared machine. */
  eventsPerSecond: number;
  /** Median window, for a sense of the noise. */
  medianEventsPerSecond: number;
  matchesPerEvent: number;
}

/** Events/s over WINDOWS timed windows after a warm-up window, plus matching rules per event. */
function measure(matcher: RuleMatcher, events: string[]): Rate {
  let matches = 0;
  for (const e of events) matches += matcher.match(e).length;
  const window = (): number => {
    let n = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(WINDOW_MS * 1e6);
    let now = start;
    while (now < deadline) {
      for (let i = 0; i < 200; i++) matcher.match(events[(n + i) % events.length]);
      n += 200;
      now = process.hrtime.bigint();
    }
    return n / (Number(now - start) / 1e9);
  };
  window(); // warm-up: let the JIT settle on this rule set before timing it
  const rates = Array.from({ length: WINDOWS }, window).sort((a, b) => a - b);
  return {
    eventsPerSecond: Math.round(rates[WINDOWS - 1]),
    medianEventsPerSecond: Math.round(rates[(WINDOWS - 1) / 2]),
    matchesPerEvent: +(matches / events.length).toFixed(2),
  };
}

function main(): void {
  const events = makeEvents(rng(42), 3000);
  const avgBytes = Math.round(events.reduce((s, e) => s + Buffer.byteLength(e), 0) / events.length);
  const ruleRand = rng(7);
  const all = Array.from({ length: 10000 }, () => mixedRule(ruleRand));
  const mixed: Record<string, unknown> = {};
  for (const n of [10, 1000, 10000]) mixed[n] = measure(compile(all.slice(0, n)), events);
  const perOperator: Record<string, unknown> = {};
  for (const op of Object.keys(OPS)) {
    const r = rng(11);
    perOperator[op] = measure(compile(Array.from({ length: 1000 }, () => classRule(r, op))), events);
  }
  const rate = (n: number): number => (mixed[n] as Rate).eventsPerSecond;
  process.stdout.write(
    JSON.stringify({
      bench: 'match', windows: `best of ${WINDOWS} x ${WINDOW_MS} ms`, node: process.version,
      avgEventBytes: avgBytes, mixed,
      ratio10000to10: +(rate(10000) / rate(10)).toFixed(3), perOperator1000: perOperator,
    }) + '\n',
  ); // prettier-ignore
}

main();
