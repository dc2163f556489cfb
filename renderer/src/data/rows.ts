/**
 * What each IndexedDB table stores. Shapes shared with main live in `shared/model`; the rows here
 * add what only the store needs (index helper fields, Blobs).
 */
import type { Account } from '../../../shared/model/account';
import type { Draft, DraftAttachmentRef, OutboxItem, OutboxStatus } from '../../../shared/model/draft';
import type { AttachmentMeta, CustomFolderId, LocalFolder, MessageBody, MessageMeta } from '../../../shared/model/message';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import type { ImportMarkOnPort } from '../../../shared/ipc/store-port';
import type { RawSpan, StoredBody } from '../../../shared/model/stored-text';
import type { IdOwner, StoredMember } from '../../../shared/threads/threader';
import type { PendingForward } from '../../../shared/model/rule';

export type AccountRow = Account;

/**
 * IndexedDB cannot index booleans, so the unread flag is mirrored as 0/1 for the unread-count
 * index. The database's middleware keeps it in step with `unread` on every write (folder-counts.ts).
 */
export interface MessageRow extends MessageMeta {
  readonly unreadFlag: 0 | 1;
  /** Derived sort keys (sort-keys.ts), set by the database's middleware on every write. */
  readonly sortFrom?: string;
  readonly sortSubject?: string;
  /** The `rawChunks` row holding this message's bytes (raw-store.ts); absent when none are stored. */
  readonly rawChunk?: string;
  /** The conversation it is in (shared/threads/threader.ts, threads-store.ts). */
  readonly threadId?: string;
}

/**
 * A key new mail finds its conversation by (threads-store.ts): a Message-ID (`m:`), with the
 * conversation holding it and who holds it; or a subject key (`f:` a sender's, `r:` an answer
 * waiting for its original) with the latest messages found under it.
 */
export interface ThreadKeyRow {
  readonly key: string;
  readonly threadId?: string;
  readonly owner?: IdOwner;
  readonly members?: readonly StoredMember[];
}

/** A conversation edit the person made: split at a message, or merge two messages' conversations. */
export type ThreadEditRow =
  | { readonly id: string; readonly kind: 'split'; readonly localId: string; readonly messageId: string | null; readonly at: number }
  | { readonly id: string; readonly kind: 'join'; readonly localId: string; readonly other: string; readonly at: number };

/** The POP state entries of one fetched batch (pop-store.ts). */
export interface PopChunkRow {
  readonly id: string;
  readonly accountId: string;
  readonly entries: readonly PopStateEntry[];
  /** 1 when an entry is a message left on the server undownloaded (`isUndownloaded`), else 0: indexed, so that list is read without the rest. */
  readonly undownloaded: 0 | 1;
}

/**
 * A message's body: its text and HTML, or where they lie in its stored bytes when they are those
 * bytes as they are (shared/model/stored-text.ts; messages-repo.ts reads them out).
 */
export type BodyRow = Pick<MessageBody, 'messageId'> & StoredBody;

/**
 * The exact bytes of one or more messages, back to back (raw-store.ts says why): member
 * `members[i]` is `sizes[i]` bytes at `offsets[i]`. A member is a message (its row names the chunk
 * in `rawChunk`) or an Outbox item (OutboxRow.rawChunk). The bytes are a Blob, so reading a row
 * reads none of them and a member is read as a slice (docs/performance.md, "Getting mail").
 */
export interface RawChunkRow {
  readonly id: string;
  readonly members: readonly string[];
  readonly offsets: readonly number[];
  readonly sizes: readonly number[];
  readonly bytes: Blob;
}

/** A part as stored: its bytes as a Blob, or where its base64 lies in the message's stored bytes (`inRaw`). */
export interface StoredAttachmentRow extends AttachmentMeta {
  readonly blob: Blob | null;
  readonly inRaw?: RawSpan;
}

/** A part as the app uses it: its bytes as a Blob (null when they were over the size cap). */
export interface AttachmentRow extends AttachmentMeta {
  readonly blob: Blob | null;
}

/** Per-account POP3 bookkeeping that is not tied to one UIDL. */
export interface PopStateRow {
  readonly accountId: string;
  readonly lastCheckStartedAt: number | null;
  readonly lastCheckFinishedAt: number | null;
  /** The last check's failure, in words for a person; null when it succeeded. `responseCode`: the server's RFC 3206 code. */
  readonly lastError: { readonly code: string; readonly message: string; readonly responseCode?: string } | null;
  /** The server's LOGIN-DELAY (RFC 2449 §6.5) in seconds, as the last check that logged in found it. */
  readonly loginDelaySeconds?: number;
  /** Messages the last check that listed the mailbox left on the server for want of a UIDL (keep modes). */
  readonly unidentified?: number;
  /**
   * Messages that left the server between two checks without Heron deleting them (another mail
   * program or device took them), as the last check that saw it found them.
   */
  readonly vanished?: { readonly count: number; readonly at: number };
}

/**
 * One message waiting in (or stuck in) the Outbox: the engine's `OutboxItem` without its bytes,
 * which are a `rawChunks` row whose member is this item's id, plus what moving it to Sent needs.
 * `state` mirrors `OutboxItem.status` under the name the index uses. A row that reached the
 * server's final 250 is not kept here: it becomes a Sent message in the same transaction, which
 * keeps the same stored bytes (outbox-repo.ts).
 */
export interface OutboxRow extends Omit<OutboxItem, 'raw' | 'status'> {
  /** The `rawChunks` row holding the exact bytes to send; its member is this item's `id`. */
  readonly rawChunk: string;
  /** Their length. */
  readonly size: number;
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
  /** A rule's forward (rule-forwards.ts): queueing it ends the wait in `ruleForwards`, in the same commit. */
  readonly ruleForward?: PendingForward;
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

/**
 * Where one import stands (own-store.ts): written in the transaction of each batch it commits, so
 * an import stopped by a crash resumes exactly after the last message it stored.
 */
export type ImportMark = ImportMarkOnPort;

export interface ImportRow extends ImportMark {
  readonly updatedAt: number;
}

export interface SettingRow {
  readonly key: string;
  readonly value: unknown;
}

/**
 * A folder the person made (folders-repo.ts). Messages name it in `folder`; the fixed folders
 * (Inbox, Sent, …) are not rows. `accountId` null: under Local Folders, which holds mail of any
 * account (each message keeps its own account, and with it its POP state).
 */
export interface FolderRow {
  readonly id: CustomFolderId;
  readonly accountId: string | null;
  /** The folder it is nested in; null at the top of its account (or of Local Folders). */
  readonly parentId: CustomFolderId | null;
  readonly name: string;
  /** What Heron itself made it for: the Archive. Junk is a fixed folder, never one of these. */
  readonly role?: 'archive';
  readonly createdAt: number;
}

export type { LocalFolder };
