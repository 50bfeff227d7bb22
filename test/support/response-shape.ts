/**
 * The key paths of an SDK response, e.g. `Rules[].Name`: members that are absent, null or
 * undefined do not count (the SDK drops nulls), nor does the SDK's own `$metadata`.
 */
export function shapeOf(value: unknown, path = ''): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const p of shapeOf(item, `${path}[]`)) out.add(p);
    return out;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return out;
  for (const [key, v] of Object.entries(value)) {
    if (key === '$metadata' || v === undefined || v === null) continue;
    const p = path ? `${path}.${key}` : key;
    out.add(p);
    for (const q of shapeOf(v, p)) out.add(q);
  }
  return out;
}

/** What one side has that the other lacks. */
export function shapeDiff(ours: Set<string>, theirs: Set<string>): { extra: string[]; missing: string[] } {
  return {
    extra: [...ours].filter((k) => !theirs.has(k)).sort(),
    missing: [...theirs].filter((k) => !ours.has(k)).sort(),
  };
}

/**
 * Where moto's answer differs from AWS's documented one, so a difference is expected. Each entry
 * says why; anything else that differs fails the test.
 */
const LAGS = "AWS's API model (the SDK's output type) has it; moto 5.2 leaves it out";
const KNOWN: Record<string, { extra?: string[]; missing?: string[]; why: string }> = {
  CreateEventBus: { extra: ['Description'], why: LAGS },
  ListEventBuses: {
    extra: ['EventBuses[].CreationTime', 'EventBuses[].Description', 'EventBuses[].LastModifiedTime'],
    why: LAGS,
  },
  DescribeConnection: {
    extra: ['LastAuthorizedTime', 'LastModifiedTime'],
    missing: ['SecretArn'],
    why: `${LAGS}; and Hookbridge keeps connection secrets sealed in its own database, so there is no Secrets Manager secret to name`,
  },
  ListConnections: { extra: ['Connections[].LastAuthorizedTime'], why: LAGS },
  UpdateConnection: { extra: ['LastAuthorizedTime', 'LastModifiedTime'], why: LAGS },
  DeleteConnection: { extra: ['LastAuthorizedTime', 'LastModifiedTime'], why: LAGS },
  ListApiDestinations: { extra: ['ApiDestinations[].InvocationRateLimitPerSecond'], why: LAGS },
  CreatePartnerEventSource: { extra: ['EventSourceArn'], why: `${LAGS} (moto answers {})` },
  DescribeEventSource: { extra: ['CreationTime', 'ExpirationTime'], why: LAGS },
};

/**
 * The differences between Hookbridge's and moto's answer to `op` that KNOWN does not explain, and
 * the KNOWN ones that no longer occur (the list must stay exact).
 */
export function unexpectedDifferences(op: string, ours: Set<string>, theirs: Set<string>): string[] {
  const diff = shapeDiff(ours, theirs);
  const known = KNOWN[op];
  const extra = diff.extra.filter((k) => !known?.extra?.includes(k));
  const missing = diff.missing.filter((k) => !known?.missing?.includes(k));
  const stale = [
    ...(known?.extra ?? []).filter((k) => !diff.extra.includes(k)),
    ...(known?.missing ?? []).filter((k) => !diff.missing.includes(k)),
  ];
  const problems: string[] = [];
  if (extra.length || missing.length)
    problems.push(
      `${op}: Hookbridge has [${extra.join(', ')}] moto lacks; lacks [${missing.join(', ')}] moto has`,
    );
  if (stale.length) problems.push(`${op}: expected difference(s) [${stale.join(', ')}] did not occur`);
  return problems;
}
