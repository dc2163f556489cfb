/**
 * The window's warnings and errors into main's log. The window shows hostile mail, so what it
 * sends is bounded: the contract caps each message's size, and past `perMinute` lines a minute
 * the rest are counted, not written, so a flood cannot push older entries out of the file.
 */
import type { logCalls } from '../../../shared/ipc/calls/log';
import type { HandlersOf } from '../../../shared/ipc/define';
import type { Logger } from '../../core/log/logger';

export interface LogDeps {
  /** Main's logger, scoped to the window ("renderer"). */
  readonly logger: Pick<Logger, 'warn' | 'error'>;
  readonly perMinute?: number;
  readonly now?: () => number;
}

export const RENDERER_LINES_PER_MINUTE = 60;

export function createLogHandlers(deps: LogDeps): HandlersOf<typeof logCalls> {
  const perMinute = deps.perMinute ?? RENDERER_LINES_PER_MINUTE;
  const now = deps.now ?? Date.now;
  let windowStart = Number.NEGATIVE_INFINITY;
  let written = 0;
  let dropped = 0;
  return {
    writeLog: async ({ level, message }) => {
      const t = now();
      if (t - windowStart >= 60_000) {
        if (dropped > 0) deps.logger.warn(`${dropped} more lines from the window were left out`);
        windowStart = t;
        written = 0;
        dropped = 0;
      }
      if (written >= perMinute) {
        dropped += 1;
        return;
      }
      written += 1;
      deps.logger[level](message);
    },
  };
}
