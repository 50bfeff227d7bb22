import { randomFillSync, randomUUID } from 'node:crypto';
import { parse, v5, v7 } from 'uuid';

// Random bytes for UUIDv7s are drawn from a pool refilled 4 KiB at a time: `uuid` asks the kernel for
// 16 bytes per id, and that system call was ~4 % of the gateway's CPU at ingest saturation.
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;
// Ids made in the same millisecond count up from a random start, as `uuid`'s own v7 does.
const clock = { msecs: -Infinity, seq: 0 };

function random16(): Uint8Array {
  if (poolOffset + 16 > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}

/** A time-ordered UUIDv7: used for events so that an id alone locates its daily partition. */
export function newEventId(): string {
  const random = random16();
  const now = Date.now();
  if (now > clock.msecs) {
    clock.msecs = now;
    clock.seq =
      (((random[6] as number) & 0x7f) << 24) |
      ((random[7] as number) << 16) |
      ((random[8] as number) << 8) |
      (random[9] as number);
  } else {
    clock.seq = (clock.seq + 1) | 0;
    if (clock.seq === 0) clock.msecs++;
  }
  return v7({ random, msecs: clock.msecs, seq: clock.seq });
}

/** A random UUIDv4 for everything else (Node's own, which also draws from a pool). */
export const newId = (): string => randomUUID();

/**
 * The name space of delivery ids (a fixed random UUID; changing it changes every id to come), parsed
 * once: given strings, `v5` would parse it and re-encode the name on every call, in the worker's
 * routing loop.
 */
const DELIVERY_IDS = parse('5b0f2d8e-7c1a-4e9b-9a63-2f4d8c1e7a90');

/**
 * A delivery's id (a UUIDv5), derived from what makes a delivery unique: its event, its target's
 * row and its replay ('' for live traffic). Routing an event again, after a crash or a failed
 * statement, gives its deliveries the same ids, so the `Idempotency-Key` a target sees for a call
 * made again is the same too.
 */
export function deliveryId(eventId: string, targetPk: string, replayName: string): string {
  return v5(Buffer.from(`${eventId}/${targetPk}/${replayName}`, 'utf8'), DELIVERY_IDS);
}

/** The millisecond timestamp embedded in a UUIDv7. */
export function uuidv7Time(id: string): Date {
  const hex = id.replace(/-/g, '').slice(0, 12);
  return new Date(Number.parseInt(hex, 16));
}
