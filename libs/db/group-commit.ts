interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
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
   * goes at once). A few milliseconds of latency buy larger, fewer flushes at moderate rates. A
   * function is asked at each such item (e.g. to linger only while items come in fast enough for
   * others to join).
   */
  lingerMs?: number | (() => number);
}

/**
 * Group commit: items submitted while flushes are in flight are gathered and written by one call
 * of `flush` (one statement, one round trip, one commit). `flush` returns one result per item, in
 * order (nothing, for writes that need no answer); a submit resolves with its item's result once
 * its flush has committed, and rejects with the flush's error. A flush with follow-up work can
 * answer its items early by calling `answer(results)`: they are resolved at once, and the flush
 * keeps its place in flight until it returns.
 */
export class GroupCommit<T, R = void> {
  private queue: Array<Waiting<T, R>> = [];
  private inFlight = 0;
  private lingering?: NodeJS.Timeout;
  private readonly idleWaiters = new Set<() => void>();

  constructor(
    private readonly flush: (items: T[], answer: (results: R[]) => void) => Promise<R[] | void>,
    private readonly options: GroupCommitOptions<T>,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  /**
   * Ends a linger at once: the caller knows no other item will join soon. Items wait only for a
   * flush in flight, as without a linger.
   */
  flushNow(): void {
    if (this.lingering) this.flushAll();
  }

  /** Items waiting for a flush (not counting those in flight). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves once nothing waits and nothing is in flight (for a clean shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight > 0 || this.queue.length > 0)
      await new Promise<void>((resolve) => this.idleWaiters.add(resolve));
  }

  private pump(): void {
    if (this.inFlight === 0 && this.queue.length < this.options.maxBatch) {
      if (this.lingering) return;
      const option = this.options.lingerMs ?? 0;
      const linger = typeof option === 'number' ? option : option();
      if (linger > 0) {
        this.lingering = setTimeout(() => {
          this.lingering = undefined;
          this.flushAll();
        }, linger);
        return;
      }
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
      let answered = false;
      const answer = (results: R[]) => {
        if (answered) return;
        answered = true;
        batch.forEach((w, i) => w.resolve(results[i] as R));
      };
      this.flush(
        batch.map((w) => w.item),
        answer,
      )
        .then(
          (results) => answer(results ?? []),
          (err: unknown) => {
            if (!answered) batch.forEach((w) => w.reject(err));
          },
        )
        .finally(() => {
          this.inFlight--;
          this.flushAll();
          if (this.inFlight === 0 && this.queue.length === 0) {
            for (const done of this.idleWaiters) done();
            this.idleWaiters.clear();
          }
        });
    }
  }

  private take(): Array<Waiting<T, R>> {
    const key = this.options.key;
    if (!key) return this.queue.splice(0, this.options.maxBatch);
    const batch: Array<Waiting<T, R>> = [];
    const rest: Array<Waiting<T, R>> = [];
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
