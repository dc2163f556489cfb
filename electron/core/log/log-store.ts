/**
 * The connection logs on disk: one JSON file per account under `<userData>/connection-logs/`,
 * bounded in sessions and bytes (the oldest sessions go first), written whole to a temporary file
 * and renamed over the old one, so a crash leaves the previous log rather than half a file.
 * Writes for one account run one after another; reads see every append that came before them.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ACCOUNT_ID_PATTERN } from '../../../shared/ipc/calls/credentials';
import type { LogSession } from '../../../shared/ipc/calls/connection-log';
import { HeronError } from '../../../shared/ipc/result';

export interface LogStoreLimits {
  readonly maxSessions: number;
  /** Of the account's file, as JSON. */
  readonly maxBytes: number;
}

export const DEFAULT_LOG_LIMITS: LogStoreLimits = { maxSessions: 50, maxBytes: 256 * 1024 };

const FILE_VERSION = 1;

export class ConnectionLogStore {
  private readonly cache = new Map<string, LogSession[]>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly dir: string,
    private readonly limits: LogStoreLimits = DEFAULT_LOG_LIMITS,
  ) {}

  append(accountId: string, session: LogSession): Promise<void> {
    return this.serial(accountId, async () => {
      const sessions = fitToLimits([...(await this.load(accountId)), session], this.limits);
      this.cache.set(accountId, sessions);
      await this.write(accountId, sessions);
    });
  }

  read(accountId: string): Promise<readonly LogSession[]> {
    return this.serial(accountId, () => this.load(accountId));
  }

  clear(accountId: string): Promise<void> {
    return this.serial(accountId, async () => {
      this.cache.set(accountId, []);
      await rm(this.file(accountId), { force: true });
    });
  }

  private file(accountId: string): string {
    // The id names a file: only the contract's id form, never a path.
    if (!ACCOUNT_ID_PATTERN.test(accountId)) {
      throw new HeronError('EINVALID', 'That is not an account id Heron made.', { detail: { field: 'accountId' } });
    }
    return path.join(this.dir, `${accountId}.json`);
  }

  private async load(accountId: string): Promise<LogSession[]> {
    const cached = this.cache.get(accountId);
    if (cached) return cached;
    let sessions: LogSession[] = [];
    try {
      const parsed = JSON.parse(await readFile(this.file(accountId), 'utf8')) as { version?: unknown; sessions?: unknown };
      // A file from another version, or damaged, is dropped: the log is a diagnostic, not data.
      if (parsed.version === FILE_VERSION && Array.isArray(parsed.sessions)) sessions = parsed.sessions as LogSession[];
    } catch (error) {
      if (error instanceof HeronError) throw error;
    }
    this.cache.set(accountId, sessions);
    return sessions;
  }

  private async write(accountId: string, sessions: readonly LogSession[]): Promise<void> {
    const target = this.file(accountId);
    await mkdir(this.dir, { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify({ version: FILE_VERSION, sessions }), { mode: 0o600 });
    await rename(temp, target);
  }

  private serial<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(accountId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(accountId, settled);
    void settled.then(() => {
      if (this.queues.get(accountId) === settled) this.queues.delete(accountId);
    });
    return next;
  }
}

/**
 * The newest sessions that fit. The newest is always kept: the recorder's limits (a few hundred
 * lines of at most 512 characters) keep one session well under the byte limit.
 */
export function fitToLimits(sessions: readonly LogSession[], limits: LogStoreLimits): LogSession[] {
  const kept = sessions.slice(-limits.maxSessions);
  const size = (s: unknown) => Buffer.byteLength(JSON.stringify(s), 'utf8') + 1;
  let total = kept.reduce((n, s) => n + size(s), 32);
  while (kept.length > 1 && total > limits.maxBytes) total -= size(kept.shift());
  return kept;
}
