/**
 * A column of byte strings as one `bytea` parameter, cut apart in SQL with
 * `substring($n::bytea FROM start FOR length)`. node-postgres sends a Buffer parameter as it is,
 * in binary; a `bytea[]` parameter it writes out as an array literal of hex strings (twice the
 * bytes, and copied again by the escaping). A `text[]` parameter of long strings costs the same way
 * (escaped element by element): pass those as one JSON array instead.
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
