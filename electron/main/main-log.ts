/**
 * Main's log: `<userData>/logs/heron.log`, bounded (core/log/log-file.ts), every line with the
 * stored passwords in use masked (secrets/secret-scrubber.ts). Warnings and errors also go to
 * stderr where asked (the app), as a terminal that started Heron expects.
 */
import path from 'node:path';
import { LogFile } from '../core/log/log-file';
import { createLogger, type Logger, type LogLevel } from '../core/log/logger';
import type { SecretScrubber } from './secrets/secret-scrubber';

export interface MainLog {
  readonly logger: Logger;
  readonly file: LogFile;
}

export function openMainLog(userDataDir: string, scrubber: Pick<SecretScrubber, 'scrub'>, options: { stderr?: boolean; maxBytes?: number; level?: LogLevel } = {}): MainLog {
  const file = new LogFile(path.join(userDataDir, 'logs', 'heron.log'), options.maxBytes);
  const logger = createLogger({
    level: options.level ?? 'info',
    redact: (text) => scrubber.scrub(text),
    write: (line, level) => {
      file.append(line);
      if (options.stderr === true && (level === 'warn' || level === 'error')) process.stderr.write(`${line}\n`);
    },
  });
  return { logger, file };
}
