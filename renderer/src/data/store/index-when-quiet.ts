/**
 * When the store worker indexes what it committed. While a fetch's batches keep coming, the
 * indexer waits until no batch is being written and none came for a moment, then indexes them as
 * one backlog: indexing between batches took the worker's thread from the next commit, and a
 * person waits for their mail before they search it.
 */

/** How long the worker waits, once no batch is being written, before it indexes what came. */
export const INDEX_AFTER_QUIET_MS = 200;

export interface QuietTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export function indexWhenQuiet(index: () => void, timers: QuietTimers = globalThis): { began(): void; ended(): void } {
  let committing = 0;
  let timer: unknown = null;
  const cancel = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  return {
    /** A batch arrived: nothing is indexed until it and every batch behind it are written. */
    began() {
      committing += 1;
      cancel();
    },
    /** A batch was written (or refused): when none is left, index after a quiet moment. */
    ended() {
      committing = Math.max(0, committing - 1);
      cancel();
      if (committing > 0) return;
      timer = timers.setTimeout(() => {
        timer = null;
        index();
      }, INDEX_AFTER_QUIET_MS);
    },
  };
}
