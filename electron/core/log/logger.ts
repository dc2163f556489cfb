/**
 * Main's one logger: levels, a scope per part of main ("shell", "ipc", "renderer"), and every line
 * passed through `redact` (main hands in the SecretScrubber, which masks each stored password in
 * use, in every encoding) before it is written; one entry is one line (shared/model/log-entry.ts).
 */
import { entryText, oneLine, type LogLevel } from '../../../shared/model/log-entry';

export type { LogLevel };

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The longest entry written; longer ones end with how long they were. */
export const MAX_LOG_ENTRY = 4000;

export interface Logger {
  debug(message: string, error?: unknown): void;
  info(message: string, error?: unknown): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
  /** The same log, its lines marked with `scope`. */
  child(scope: string): Logger;
}

export interface LoggerOptions {
  /** Where each finished line goes (the log file, stderr). */
  readonly write: (line: string, level: LogLevel) => void;
  /** Lines below this level are dropped. Default: 'info'. */
  readonly level?: LogLevel;
  /** Masks secrets out of a line's words. Default: none. */
  readonly redact?: (text: string) => string;
  readonly now?: () => number;
}

export function createLogger(options: LoggerOptions, scope = 'main'): Logger {
  const min = RANK[options.level ?? 'info'];
  const redact = options.redact ?? ((text: string) => text);
  const now = options.now ?? Date.now;
  const at = (level: LogLevel) => (message: string, error?: unknown) => {
    if (RANK[level] < min) return;
    // Masked before it is cut, so no secret is split where nothing would recognize it.
    const entry = oneLine(redact(entryText(message, error)), MAX_LOG_ENTRY);
    options.write(`${new Date(now()).toISOString()} ${level.toUpperCase().padEnd(5)} ${scope}: ${entry}`, level);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (name) => createLogger(options, name) };
}
