/**
 * What each IndexedDB table stores. Shapes shared with main live in `shared/model`; the rows here
 * add what only the store needs (index helper fields, Blobs).
 */
import type { Account } from '../../../shared/model/account';
import type { AttachmentMeta, LocalFolder, MessageBody, MessageMeta } from '../../../shared/model/message';

export type AccountRow = Account;

/**
 * IndexedDB cannot index booleans, so the unread flag is mirrored as 0/1 for the unread-count
 * index. The database's hooks keep it in step with `unread` on every write (db.ts).
 */
export interface MessageRow extends MessageMeta {
  readonly unreadFlag: 0 | 1;
}

export type BodyRow = MessageBody;

/** The message exactly as the server sent it: the bytes are never re-encoded. */
export interface RawRow {
  readonly messageId: string;
  readonly blob: Blob;
  readonly size: number;
}

export interface AttachmentRow extends AttachmentMeta {
  readonly blob: Blob | null;
}

/** Per-account POP3 bookkeeping that is not tied to one UIDL. */
export interface PopStateRow {
  readonly accountId: string;
  readonly lastCheckStartedAt: number | null;
  readonly lastCheckFinishedAt: number | null;
  /** The last check's failure, in words for a person; null when it succeeded. */
  readonly lastError: { readonly code: string; readonly message: string } | null;
}

/**
 * One UIDL seen on an account's server. Keyed by its own id, not by UIDL: two different
 * messages can share a UIDL (RFC 1939 §7 only promises uniqueness per maildrop state), so
 * `[accountId+uidl]` is an index that may hold several rows.
 */
export interface UidlRow {
  readonly id: string;
  readonly accountId: string;
  readonly uidl: string;
  /** The local message it was stored as; null while only seen (e.g. skipped or headers-only). */
  readonly messageId: string | null;
  readonly storedAt: number;
  /** When the retention policy says it may be deleted from the server; null = never. */
  readonly deleteAfter: number | null;
  /** Deleted from the server (the DELE was committed by QUIT). */
  readonly deletedFromServer: boolean;
}

export type OutboxState = 'queued' | 'sending' | 'failed' | 'uncertain';

export interface OutboxRow {
  readonly id: string;
  readonly accountId: string;
  /** The complete RFC 5322 message to submit, byte-exact. */
  readonly raw: Blob;
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  readonly state: OutboxState;
  readonly queuedAt: number;
  readonly attempts: number;
  readonly lastError: { readonly code: string; readonly message: string } | null;
}

export interface DraftRow {
  readonly id: string;
  readonly accountId: string;
  readonly to: string;
  readonly cc: string;
  readonly bcc: string;
  readonly subject: string;
  readonly text: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly updatedAt: number;
}

export interface ContactRow {
  readonly id: string;
  readonly name: string;
  /** Lower-cased, so look-ups are case-insensitive. */
  readonly address: string;
  readonly lastUsedAt: number;
  readonly timesUsed: number;
}

export interface SettingRow {
  readonly key: string;
  readonly value: unknown;
}

export type { LocalFolder };
