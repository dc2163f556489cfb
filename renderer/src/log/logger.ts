/**
 * The window's one logger: every line to the DevTools console, and warnings and errors also to
 * main's log file through the one `writeLog` call (the window has no file of its own; main caps,
 * rate-limits and masks secrets before writing).
 */
import { MAX_RENDERER_LOG_CHARS } from '../../../shared/ipc/calls/log';
import { entryText, oneLine, type LogLevel } from '../../../shared/model/log-entry';
import { getBridge } from '../bridge/bridge';

export interface RendererLogger {
  debug(message: string, error?: unknown): void;
  info(message: string, error?: unknown): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

export interface RendererLogDeps {
  /** Hands a warning or error to main; never throws. */
  readonly send: (level: 'warn' | 'error', message: string) => void;
  readonly console?: Pick<Console, LogLevel>;
}

export function createRendererLogger(deps: RendererLogDeps): RendererLogger {
  const at = (level: LogLevel) => (message: string, error?: unknown) => {
    // The console gets the error itself, which DevTools can expand.
    deps.console?.[level](message, ...(error === undefined ? [] : [error]));
    if (level === 'warn' || level === 'error') {
      try {
        deps.send(level, oneLine(entryText(message, error), MAX_RENDERER_LOG_CHARS - 40));
      } catch {
        // A log line is never worth an error of its own.
      }
    }
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const log: RendererLogger = createRendererLogger({
  send: (level, message) => void getBridge().call('writeLog', { level, message }),
  // The one place the window writes to the console.
  console: globalThis.console,
});
