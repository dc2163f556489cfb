/**
 * Records one connection for the account's connection log: the protocol engines write redacted
 * lines into `sink` (redact.ts masks secrets by position), and `finish` scrubs what is kept of
 * every known secret in every encoding (scrub.ts: a server that echoes the password, a base64 blob
 * the redactor did not know), so nothing the person typed as a password reaches the log.
 *
 * A fetch of thousands of messages sends thousands of commands: the recorder keeps the first and
 * the last lines of a session and counts what it left out between them.
 */
import { randomUUID } from 'node:crypto';
import type { LogLine, LogPurpose, LogSession } from '../../../shared/ipc/calls/connection-log';
import { asSerializedError } from '../../../shared/ipc/result';
import type { Security } from '../../../shared/model/account';
import { capLine, type Direction, type TranscriptSink } from './redact';
import { createScrubber } from './scrub';

export interface SessionMeta {
  readonly side: 'incoming' | 'outgoing';
  readonly purpose: LogPurpose;
  readonly host: string;
  readonly port: number;
  readonly security: Security;
}

export interface RecorderLimits {
  /** Lines kept from the start of a session (connect, TLS, login, the mailbox listing). */
  readonly head: number;
  /** Lines kept from its end (the last commands, the failure, QUIT). */
  readonly tail: number;
}

const SECURITY_WORDS = { tls: 'SSL/TLS', starttls: 'STARTTLS', none: 'no encryption' } as const;

export const DEFAULT_RECORDER_LIMITS: RecorderLimits = { head: 150, tail: 100 };

export class SessionRecorder {
  private readonly startedAt: number;
  private readonly head: LogLine[] = [];
  /** A ring of the latest lines once the head is full. */
  private readonly tail: LogLine[] = [];
  private tailNext = 0;
  private total = 0;

  constructor(
    private readonly meta: SessionMeta,
    private readonly secrets: readonly string[],
    private readonly now: () => number = Date.now,
    private readonly limits: RecorderLimits = DEFAULT_RECORDER_LIMITS,
  ) {
    this.startedAt = now();
    this.note(`Connecting to ${meta.host}:${meta.port} (${SECURITY_WORDS[meta.security]})`);
  }

  /** Hand this to an engine as its `transcript`. */
  readonly sink: TranscriptSink = (line) => this.add(line.dir, line.text);

  note(text: string): void {
    this.add('I', text);
  }

  private add(dir: Direction, text: string): void {
    const line: LogLine = { ms: this.now() - this.startedAt, dir, text };
    this.total += 1;
    if (this.head.length < this.limits.head) {
      this.head.push(line);
      return;
    }
    if (this.limits.tail === 0) return;
    if (this.tail.length < this.limits.tail) this.tail.push(line);
    else this.tail[this.tailNext] = line;
    this.tailNext = (this.tailNext + 1) % this.limits.tail;
  }

  /** The session as the log keeps it; `error` is whatever ended it (null: it ended as it should). */
  finish(error: unknown): LogSession {
    const e = error === null || error === undefined ? null : asSerializedError(error);
    // What the error carries besides its sentence (the command, the server's reply, OpenSSL's reason) helps a support desk.
    const detail = Object.entries(e?.detail ?? {}).filter(([k, v]) => !['host', 'port', 'likelyCause'].includes(k) && v !== null && v !== '');
    if (detail.length > 0) this.note(`Error details: ${detail.map(([k, v]) => `${k}=${String(v)}`).join('; ')}`);
    const scrub = createScrubber(this.secrets);
    const tail = this.tail.length < this.limits.tail ? this.tail : [...this.tail.slice(this.tailNext), ...this.tail.slice(0, this.tailNext)];
    const omitted = this.total - this.head.length - tail.length;
    const kept = omitted > 0 ? [...this.head, { ms: tail[0]?.ms ?? 0, dir: 'I' as const, text: `(${omitted.toLocaleString('en-US')} lines left out)` }, ...tail] : [...this.head, ...tail];
    return {
      id: randomUUID(),
      ...this.meta,
      startedAt: this.startedAt,
      endedAt: this.now(),
      error: e === null ? null : { code: e.code, message: scrub(capLine(e.message, 1000)) },
      lines: kept.map((l) => ({ ...l, text: scrub(capLine(l.text)) })),
      omitted: Math.max(0, omitted),
    };
  }
}

/** Where finished sessions go (main: the account's log on disk, best effort). */
export type SessionSink = (accountId: string, session: LogSession) => void;
