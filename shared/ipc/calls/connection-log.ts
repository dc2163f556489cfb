/**
 * Contract fragment: the connection log. Main records, per account, what Heron and its mail servers
 * said to each other (connect, TLS, each command and reply), redacted: no password, token or SASL
 * payload, and no message content ("[message data: 12,345 bytes]" instead). The person opens it
 * from the account settings and from a connection error, and copies it for a support request.
 *
 * The log is bounded (sessions and bytes per account) and kept under userData, so it survives a
 * restart. Copying goes through main (the window has no clipboard permission).
 */
import type { ErrorCode } from '../result';
import type { Security } from '../../model/account';
import { call } from '../define';
import { v } from '../validate';
import { accountIdSchema } from './credentials';

/** C: Heron sent it; S: the server sent it; I: Heron's note (connected, TLS, how much data). */
export type LogDirection = 'C' | 'S' | 'I';

export interface LogLine {
  /** Milliseconds since the session started. */
  readonly ms: number;
  readonly dir: LogDirection;
  readonly text: string;
}

/** Why Heron connected. */
export type LogPurpose = 'test' | 'fetch' | 'download' | 'send' | 'probe';

export interface LogSession {
  readonly id: string;
  readonly side: 'incoming' | 'outgoing';
  readonly purpose: LogPurpose;
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** null: the session ended as it should. */
  readonly error: { readonly code: ErrorCode; readonly message: string } | null;
  /** A long session (a fetch of thousands of messages) keeps its start and its end, with a note between. */
  readonly lines: readonly LogLine[];
  /** How many lines that note stands for. */
  readonly omitted: number;
}

export interface ConnectionLog {
  readonly accountId: string;
  /** Oldest first. */
  readonly sessions: readonly LogSession[];
}

const byAccount = v.object({ accountId: accountIdSchema });

export const connectionLogCalls = {
  readConnectionLog: call<ConnectionLog>()(byAccount),
  /** Puts the whole log, as text, on the system clipboard; answers how many characters. */
  copyConnectionLog: call<{ readonly characters: number }>()(byAccount),
  /** Forgets the account's log (the person asked, or the account is removed). */
  clearConnectionLog: call<void>()(byAccount),
} as const;

export const connectionLogEvents = {} as const;
