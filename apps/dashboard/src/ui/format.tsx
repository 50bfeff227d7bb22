/** A timestamp in the reader's locale, with the exact ISO value in the markup and on hover. */
export function Time({ iso }: { iso?: string }) {
  if (!iso) return <span className="muted">—</span>;
  const d = new Date(iso);
  return (
    <time dateTime={iso} title={iso}>
      {Number.isNaN(d.getTime())
        ? iso
        : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })}
    </time>
  );
}

/** A state such as PENDING, ACTIVE, dead_letter as a coloured badge with readable text. */
export function StateBadge({ state }: { state: string }) {
  const key = state.toLowerCase().replace(/[^a-z]+/g, '-');
  return <span className={`badge badge-${key}`}>{state.replace(/_/g, ' ')}</span>;
}

/** JSON for reading: pretty-printed in a scrollable block. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json" aria-label={label} tabIndex={0}>
      {typeof value === 'string' ? value : JSON.stringify(value, null, 2)}
    </pre>
  );
}
