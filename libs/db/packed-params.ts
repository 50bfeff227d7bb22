/**
 * A column of byte strings as one `bytea` parameter, cut apart in SQL with
 * `substring($n::bytea FROM start FOR length)`. node-postgres sends a Buffer parameter as it is,
 * in binary; a `bytea[]` parameter it writes out as an array literal of hex strings, escaped, which
 * at ingest cost more allocation than the rest of the statement's parameters together.
 */
export interface PackedBytes {
  bytes: Buffer;
  /** Where each one starts in `bytes`, counted from 1 as SQL's substring counts. */
  starts: number[];
  lengths: number[];
}

export function packBytes(buffers: readonly Buffer[]): PackedBytes {
  const starts: number[] = [];
  const lengths: number[] = [];
  let at = 1;
  for (const b of buffers) {
    starts.push(at);
    lengths.push(b.length);
    at += b.length;
  }
  return { bytes: Buffer.concat(buffers as Buffer[], at - 1), starts, lengths };
}
