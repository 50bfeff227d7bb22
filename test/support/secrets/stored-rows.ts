import type { ProcessHarness } from '../processes-harness.js';

/** Every row of every table of the database, one JSON text per row, named by its table. */
export async function allRows(h: ProcessHarness): Promise<Array<{ table: string; row: string }>> {
  const tables = await h.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Array<{ table: string; row: string }> = [];
  for (const { table_name: table } of tables) {
    // bytea columns (raw webhook bodies) are decoded too, so a secret inside them would be found.
    const rows = await h.query<{ r: string }>(`SELECT row_to_json(t)::text AS r FROM "${table}" t`);
    for (const { r } of rows)
      out.push({
        table,
        row: r.replace(/\\\\x([0-9a-f]+)/g, (_m, hex: string) => Buffer.from(hex, 'hex').toString('latin1')),
      });
  }
  return out;
}

/** Where each secret occurs: `secret name → table(s)`; empty when none is stored in the clear. */
export function occurrences(
  haystack: Array<{ table: string; row: string }>,
  secrets: Record<string, string>,
): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    const tables = [...new Set(haystack.filter((x) => x.row.includes(value)).map((x) => x.table))];
    if (tables.length) found.push(`${name} in ${tables.join(', ')}`);
  }
  return found;
}
