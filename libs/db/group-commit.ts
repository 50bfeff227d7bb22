interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions<T> {
  /** Items in one flush at most. */
  maxBatch: number;
  /** Flushes running at once at most; items submitted meanwhile wait and go together. */
  maxInFlight: number;
  /** Items with the same key never share a flush (a later one waits for the next). */
  key?: (item: T) => string;
  /**
   * With nothing in flight, how long the first item waits for others to join it (default 0: it
   * goes at once). A few milliseconds of latency buy larger, fewer flushes at moderate rates.
   */
  lingerMs?: number;
}

/**
 * Group commit for writes that need no answer: items submitted while flushes are in flight are
 * gathered and written by one call of `flush` (one statement, one round trip, one commit). A submit
 * resolves once its flush has committed, and rejects with the flush's error.
 */
export class GroupCommit<T> {
  private queue: Array<Waiting<T>> = [];
  private inFlight = 0;
  private lingering?: NodeJS.Timeout;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions<T>,
  ) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    const linger = this.options.lingerMs ?? 0;
    if (linger > 0 && this.inFlight === 0 && this.queue.length < this.options.maxBatch) {
      this.lingering ??= setTimeout(() => {
        this.lingering = undefined;
        this.flushAll();
      }, linger);
      return;
    }
    this.flushAll();
  }

  private flushAll(): void {
    if (this.lingering) {
      clearTimeout(this.lingering);
      this.lingering = undefined;
    }
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight++;
      this.flush(batch.map((w) => w.item))
        .then(
          () => batch.forEach((w) => w.resolve()),
          (err: unknown) => batch.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.flushAll();
        });
    }
  }

  private take(): Array<Waiting<T>> {
    const key = this.options.key;
    if (!key) return this.queue.splice(0, this.options.maxBatch);
    const batch: Array<Waiting<T>> = [];
    const rest: Array<Waiting<T>> = [];
    const keys = new Set<string>();
    for (const w of this.queue) {
      const k = key(w.item);
      if (batch.length < this.options.maxBatch && !keys.has(k)) {
        keys.add(k);
        batch.push(w);
      } else rest.push(w);
    }
    this.queue = rest;
    return batch;
  }
}
