/**
 * Reading the services' Prometheus `/metrics` from a benchmark: their histograms between two scrapes
 * (where an event's time goes, stage by stage) and their garbage collections.
 */

/** A service's metrics, as Prometheus text. */
export async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.text();
}

/** A histogram's cumulative bucket counts by upper bound (s), summed over its label sets. */
function buckets(text: string, name: string): Map<number, number> {
  const out = new Map<number, number>();
  const re = new RegExp(`^${name}_bucket\\{(?:[^}]*,)?le="([^"]+)"[^}]*\\} (\\S+)$`, 'gm');
  for (const m of text.matchAll(re)) {
    const le = m[1] === '+Inf' ? Infinity : Number(m[1]);
    out.set(le, (out.get(le) ?? 0) + Number(m[2]));
  }
  return out;
}

/**
 * The `q` quantile (0–1), in ms, of what histogram `name` observed between two scrapes, interpolated
 * linearly within its bucket as Prometheus's `histogram_quantile` does: an estimate as coarse as the
 * buckets (1, 2.5, 5, 10, 25, 50, 100 ms…). Null when nothing was observed; the last finite bound
 * when the quantile lies beyond it.
 */
export function quantileMs(before: string, after: string, name: string, q: number): number | null {
  const b = buckets(before, name);
  const counts = [...buckets(after, name)]
    .map(([le, n]) => [le, n - (b.get(le) ?? 0)] as const)
    .sort((x, y) => x[0] - y[0]);
  const total = counts.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, n] of counts) {
    if (n >= rank) {
      if (le === Infinity) return Math.round(lower * 1000 * 10) / 10;
      const within = n - below > 0 ? (rank - below) / (n - below) : 1;
      return Math.round((lower + (le - lower) * within) * 1000 * 10) / 10;
    }
    lower = le;
    below = n;
  }
  return null;
}

/** Garbage collections so far of one service, from prom-client's GC histogram: counts and pause ms. */
export function gcPauses(text: string): { minor: number; major: number; ms: number } {
  const sum = (re: RegExp) => [...text.matchAll(re)].reduce((t, m) => t + Number(m[2]), 0);
  return {
    minor: sum(/^hookbridge_nodejs_gc_duration_seconds_count\{kind="(minor)"\} (\S+)$/gm),
    major: sum(/^hookbridge_nodejs_gc_duration_seconds_count\{kind="(major|incremental)"\} (\S+)$/gm),
    ms: sum(/^hookbridge_nodejs_gc_duration_seconds_sum\{kind="(\w+)"\} (\S+)$/gm) * 1000,
  };
}
