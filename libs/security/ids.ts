import { v4, v7 } from 'uuid';

/** A time-ordered UUIDv7: used for events so that an id alone locates its daily partition. */
export const newEventId = (): string => v7();

/** A random UUIDv4 for everything else. */
export const newId = (): string => v4();

/** The millisecond timestamp embedded in a UUIDv7. */
export function uuidv7Time(id: string): Date {
  const hex = id.replace(/-/g, '').slice(0, 12);
  return new Date(Number.parseInt(hex, 16));
}
