/** `datetime-local` text (the reader's local time, to the second) for a date. */
export function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** `datetime-local` text as ISO 8601, or undefined when empty or not a time. */
export function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The last 24 hours up to a minute from now, as `datetime-local` texts (a window that holds "now"). */
export function lastDay(): { from: string; to: string } {
  const now = Date.now();
  return { from: localInput(new Date(now - 86_400_000)), to: localInput(new Date(now + 60_000)) };
}

/** A byte count for people: 512 B, 3.4 KB, 12 MB. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
