/**
 * Time, injected. The executor and the long-running-operation helpers never call `setTimeout` or `Date.now`
 * directly, so tests and benchmarks can run minutes of retries and polling in milliseconds.
 */

/** A source of time and of waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};

/** A clock whose time only moves when someone sleeps; every sleep returns at once. */
export interface VirtualClock extends Clock {
  /** Every sleep requested so far, in milliseconds, in order. */
  readonly sleeps: number[];
  /** Moves time forward without sleeping (e.g. to simulate a slow response). */
  advance(ms: number): void;
}

/**
 * A virtual clock for tests and benchmarks: `sleep(ms)` advances `now()` by `ms` and resolves on the next
 * macrotask, so retry and polling loops run at full speed while their waits are still recorded and checked.
 *
 * @param start - the initial time in epoch milliseconds. Default `Date.UTC(2026, 0, 1)`.
 */
export function virtualClock(start: number = Date.UTC(2026, 0, 1)): VirtualClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    advance(ms) {
      t += ms;
    },
    sleep(ms, signal) {
      sleeps.push(ms);
      t += Math.max(0, ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal));
          return;
        }
        setImmediate(resolve);
      });
    },
  };
}
