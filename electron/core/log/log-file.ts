/**
 * Main's log on disk: lines appended to one file in the user-data directory, which moves aside to
 * `<file>.1` (replacing the one before) when the next line would take it past `maxBytes`, so the
 * log never holds more than about twice that.
 *
 * Appends are synchronous: the lines that matter most are written just before a crash, and they
 * are rare (warnings and errors). A log that cannot be written never fails what it describes.
 * The connection log keeps files of its own (log-store.ts): per account, read back whole by the
 * window, bounded in sessions, and removed with its account.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_LOG_FILE_BYTES = 1024 * 1024;

export class LogFile {
  /** Bytes in the current file; null until the first write looks. */
  private size: number | null = null;

  constructor(
    readonly file: string,
    private readonly maxBytes: number = DEFAULT_LOG_FILE_BYTES,
  ) {}

  /** The previous file, where lines go when the current one is full. */
  get previous(): string {
    return `${this.file}.1`;
  }

  append(line: string): void {
    const text = `${line}\n`;
    const bytes = Buffer.byteLength(text, 'utf8');
    try {
      if (this.size === null) {
        mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
        this.size = fileSize(this.file);
      }
      if (this.size > 0 && this.size + bytes > this.maxBytes) {
        renameSync(this.file, this.previous);
        this.size = 0;
      }
      appendFileSync(this.file, text, { mode: 0o600 });
      this.size += bytes;
    } catch {
      // Looked at again on the next line: the folder may have come back.
      this.size = null;
    }
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
