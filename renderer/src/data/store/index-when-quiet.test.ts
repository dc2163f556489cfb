import { describe, expect, it, vi } from 'vitest';
import { INDEX_AFTER_QUIET_MS, indexWhenQuiet } from './index-when-quiet';

describe('the store worker indexes when the batches pause', () => {
  it('indexes nothing while a batch is being written, and once, a moment after the last one', () => {
    vi.useFakeTimers();
    try {
      const index = vi.fn();
      const quiet = indexWhenQuiet(index, { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) });
      quiet.began();
      quiet.began();
      quiet.ended();
      vi.advanceTimersByTime(INDEX_AFTER_QUIET_MS * 10);
      expect(index).not.toHaveBeenCalled();
      quiet.ended();
      vi.advanceTimersByTime(INDEX_AFTER_QUIET_MS - 1);
      expect(index).not.toHaveBeenCalled();
      // A batch arriving in the quiet moment puts the indexing off again.
      quiet.began();
      vi.advanceTimersByTime(INDEX_AFTER_QUIET_MS * 10);
      expect(index).not.toHaveBeenCalled();
      quiet.ended();
      vi.advanceTimersByTime(INDEX_AFTER_QUIET_MS);
      expect(index).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
