/** A per-host concurrency limit: at most `limit` requests in flight to one host; the rest queue in FIFO order. */
export class HostLimiter {
  readonly #limit: number;
  readonly #active = new Map<string, number>();
  readonly #queues = new Map<string, Array<() => void>>();
  /** Highest number of concurrent requests seen per host (for tests and the benchmark). */
  readonly peak = new Map<string, number>();

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError(`maxConcurrencyPerHost must be a positive integer, got ${limit}`);
    }
    this.#limit = limit;
  }

  /** Waits for a slot on `host`; the returned function releases it (call it exactly once). */
  async acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const active = this.#active.get(host) ?? 0;
    if (active < this.#limit) {
      this.#take(host);
    } else {
      await new Promise<void>((resolve, reject) => {
        const queue = this.#queues.get(host) ?? [];
        const entry = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          const index = queue.indexOf(entry);
          if (index >= 0) queue.splice(index, 1);
          reject(signal?.reason);
        };
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(entry);
        this.#queues.set(host, queue);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release(host);
    };
  }

  #take(host: string): void {
    const now = (this.#active.get(host) ?? 0) + 1;
    this.#active.set(host, now);
    this.peak.set(host, Math.max(this.peak.get(host) ?? 0, now));
  }

  #release(host: string): void {
    this.#active.set(host, (this.#active.get(host) ?? 1) - 1);
    const next = this.#queues.get(host)?.shift();
    if (next) {
      // Hand the slot straight to the next waiter.
      this.#take(host);
      next();
    }
  }
}
