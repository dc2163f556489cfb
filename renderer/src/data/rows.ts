/**
 * What each IndexedDB table stores. Shapes shared with main live in `shared/model`; the rows here
 * add what only the store needs (index helper fields, Blobs).
 */
import type { Account } from '../../../shared/model/account';
import type { Draft, DraftAttachmentRef, OutboxItem, OutboxStatus } from '../../../shared/model/draft';
import type { AttachmentMeta, LocalFolder, MessageBody, MessageMeta } from '../../../shared/model/message';
import type { PopStateEntry } from '../../../shared/model/pop-state';

export type AccountRow = Account;

/**
 * IndexedDB cannot index booleans, so the unread flag is mirrored as 0/1 for the unread-count
 * index. The database's middleware keeps it in step with `unread` on every write (folder-counts.ts).
 */
export interface MessageRow extends MessageMeta {
  readonly unreadFlag: 0 | 1;
  /** Derived sort keys (sort-keys.ts), set by the database's middleware once that order was asked for (sort-index.ts). */
  readonly sortFrom?: string;
  readonly sortSubject?: string;
  /** The `rawChunks` row holding this message's bytes (raw-store.ts); older rows have none. */
  readonly rawChunk?: string;
}

/**
 * Messages whose bytes are stored but not yet parsed into a body (fetch-store.ts). One row per
 * fetched batch; the body parser (features/fetch/body-parser.ts) takes them oldest first.
 */
export interface ParseQueueRow {
  readonly seq?: number;
  readonly accountId: string;
  readonly ids: readonly string[];
  readonly queuedAt: number;
  /** Parses that failed as a whole (the worker died); the row is dropped after a few. */
  readonly attempts: number;
}

/** The POP state entries of one fetched batch (pop-store.ts); older rows also carry `localIds`, which nothing reads. */
export interface PopChunkRow {
  readonly id: string;
  readonly accountId: string;
  readonly localIds?: readonly string[];
  readonly entries: readonly PopStateEntry[];
}


export type BodyRow = MessageBody;

/**
 * The message exactly as the server sent it: the bytes are never re-encoded. Fetched mail keeps
 * them as an ArrayBuffer (`bytes`): Chromium stores each Blob value as a file of its own, which
 * made every commit slower. Sent copies and older rows hold a Blob; `rawBlob` reads either.
 */
export type RawRow =
  | { readonly messageId: string; readonly blob: Blob; readonly size: number }
  | { readonly messageId: string; readonly bytes: ArrayBuffer; readonly size: number };

/**
 * The exact bytes of a fetched batch's messages, back to back (raw-store.ts says why): message
 * `members[i]` is `sizes[i]` bytes at `offsets[i]`. Older chunks name their messages in `ids`
 * instead, which the multi-entry index covers (their messages have no pointer). The bytes stay an
 * ArrayBuffer, not a Blob: Chromium compresses a large ArrayBuffer value before storing it, so its
 * backend handles about half the bytes of mail text.
 */
export interface RawChunkRow {
  readonly id: string;
  readonly members?: readonly string[];
  readonly ids?: readonly string[];
  readonly offsets: readonly number[];
  readonly sizes: readonly number[];
  readonly bytes: ArrayBuffer;
}

/** A row's bytes as a Blob, whichever way they were stored. */
export function rawBlob(row: RawRow): Blob {
  return 'blob' in row ? row.blob : new Blob([row.bytes], { type: 'message/rfc822' });
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
  /** Messages the last check that listed the mailbox left on the server for want of a UIDL (keep modes). */
  readonly unidentified?: number;
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

/**
 * One message waiting in (or stuck in) the Outbox: the engine's `OutboxItem` with the bytes as a
 * Blob, plus what moving it to Sent needs. `state` mirrors `OutboxItem.status` under the name
 * its index uses. A row that reached the server's final 250 is not kept here: it becomes a
 * Sent message in the same transaction (outbox-repo.ts).
 */
export interface OutboxRow extends Omit<OutboxItem, 'raw' | 'status'> {
  readonly raw: Blob;
  readonly state: OutboxStatus;
  readonly queuedAt: number;
  /** The draft it was built from; removed only when the message reaches Sent. */
  readonly draftId: string;
  /** The Sent folder's row and body for this message, made when it was queued. */
  readonly sentMeta: Omit<MessageMeta, 'folder'>;
  readonly sentBody: MessageBody;
  /**
   * Set on an item that finishes a message already in Sent (this id): the same bytes again, to the
   * recipients the server deferred with a 4xx while it accepted the others. Its envelope holds
   * only those; reaching the server updates that Sent copy's notes instead of making a second one.
   */
  readonly resendOf?: string;
}

/** A draft attachment with its bytes (picked files are pulled from main in chunks into this Blob). */
export interface DraftAttachmentRow extends DraftAttachmentRef {
  readonly blob: Blob;
}

export interface DraftRow extends Omit<Draft, 'attachments'> {
  readonly attachments: readonly DraftAttachmentRow[];
  /** Set while the draft's message waits in the Outbox; editing it takes it out of the Outbox first. */
  readonly outboxId: string | null;
  /** The stored message this draft answers or forwards (for the reader's "replied" marks). */
  readonly sourceMessageId: string | null;
}

export interface ContactRow {
  /** The lower-cased address. */
  readonly id: string;
  readonly name: string;
  /** Lower-cased, so look-ups are case-insensitive. */
  readonly address: string;
  readonly lastUsedAt: number;
  /** Messages the person sent to this address (ranks autocomplete above mere senders). */
  readonly timesUsed: number;
  /** Messages received from this address. */
  readonly timesReceived?: number;
}

export interface SettingRow {
  readonly key: string;
  readonly value: unknown;
}

export type { LocalFolder };
