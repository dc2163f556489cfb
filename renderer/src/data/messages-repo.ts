/** One message as the reader sees it (its row, body, parts and bytes), and the sidebar's counts. */
import type { FolderKey, LocalFolder, MessageBody } from '../../../shared/model/message';
import { base64InRaw, readStoredText } from '../../../shared/model/stored-text';
import type { HeronDb } from './db';
import { getRaw, getRawBlobs } from './raw-store';
import type { AttachmentRow, BodyRow, MessageRow } from './rows';

/** Where a page of the list comes from: one account's folder, or a folder across accounts. */
export interface FolderRef {
  /** null = every account (the unified Inbox, all Sent, …). */
  readonly accountId: string | null;
  readonly folder: FolderKey;
}

/** Unread counts by account, then folder; `all` sums every account. */
export interface UnreadCounts {
  readonly byAccount: Readonly<Record<string, Readonly<Partial<Record<LocalFolder, number>>>>>;
  readonly all: Readonly<Partial<Record<LocalFolder, number>>>;
}

const COUNTED: readonly LocalFolder[] = ['inbox', 'drafts', 'outbox', 'junk'];

/** The bytes of one message, read (only its slice of its chunk) — after the transaction that found them, which a Blob's read would otherwise keep open. */
async function bytesOf(blob: Blob | undefined): Promise<Uint8Array | undefined> {
  return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined;
}

function bodyFrom(id: string, row: BodyRow, raw: Uint8Array | undefined): MessageBody {
  return { messageId: id, text: readStoredText(raw, row.text), html: readStoredText(raw, row.html), warnings: row.warnings };
}

export function messagesRepo(db: HeronDb) {
  /**
   * Call inside a read transaction over messages, bodies and rawChunks: the body row, and where
   * its text lies when that is the message's bytes (a Blob, unread).
   */
  const findBody = async (id: string): Promise<{ row: BodyRow; raw: Blob | undefined } | undefined> => {
    const row = await db.bodies.get(id);
    if (!row) return undefined;
    const inRaw = [row.text, row.html].some((t) => t !== null && typeof t === 'object');
    return { row, raw: inRaw ? (await getRawBlobs(db, [id])).get(id) : undefined };
  };
  const readBody = async (id: string, found: { row: BodyRow; raw: Blob | undefined } | undefined): Promise<MessageBody | undefined> =>
    found ? bodyFrom(id, found.row, await bytesOf(found.raw)) : undefined;
  return {
    get(id: string): Promise<MessageRow | undefined> {
      return db.messages.get(id);
    },
    /**
     * The row and its body, in one read transaction: while a fetch commits, each transaction the
     * window begins waits for the batch being written, so reading them one after another would
     * wait for as many batches. Only this message's bytes are read, after it.
     */
    async withBody(id: string): Promise<{ meta: MessageRow; body: MessageBody | undefined } | null> {
      const found = await db.transaction('r', [db.messages, db.bodies, db.rawChunks], async () => {
        const meta = await db.messages.get(id);
        return meta ? { meta, body: await findBody(id) } : null;
      });
      return found ? { meta: found.meta, body: await readBody(id, found.body) } : null;
    },
    /** The body, its text and HTML read out of the message's bytes where that is where they are. */
    async getBody(id: string): Promise<MessageBody | undefined> {
      return readBody(id, await db.transaction('r', [db.messages, db.bodies, db.rawChunks], () => findBody(id)));
    },
    /** The bytes exactly as the server sent them. */
    getRaw(id: string): Promise<Blob | undefined> {
      return getRaw(db, id);
    },
    /** The parts, each with its bytes as a Blob (those stored as base64 in the message decoded from there). */
    async attachmentsOf(id: string): Promise<AttachmentRow[]> {
      // One read transaction (withBody says why).
      const [rows, blob] = await db.transaction('r', [db.attachments, db.messages, db.rawChunks], async () => {
        const found = await db.attachments.where('messageId').equals(id).toArray();
        return [found, found.some((r) => r.inRaw) ? (await getRawBlobs(db, [id])).get(id) : undefined] as const;
      });
      const raw = await bytesOf(blob);
      return rows.map(({ inRaw, ...row }) => {
        if (!inRaw) return row;
        return { ...row, blob: raw ? new Blob([base64InRaw(raw, inRaw) as Uint8Array<ArrayBuffer>], { type: row.contentType }) : null };
      });
    },

    /** How many messages of an account are stored here, in every folder (the removal confirmation says it). */
    async countByAccount(accountId: string): Promise<number> {
      const rows = await db.folderCounts.toArray();
      return rows.reduce((n, r) => (r.accountId === accountId ? n + r.total : n), 0);
    },

    /** From the folder counters (folder-counts.ts): one read of a small table, no index counted. */
    async unreadCounts(accountIds: readonly string[]): Promise<UnreadCounts> {
      const byAccount: Record<string, Partial<Record<LocalFolder, number>>> = {};
      const all: Partial<Record<LocalFolder, number>> = {};
      for (const accountId of accountIds) for (const folder of COUNTED) (byAccount[accountId] ??= {})[folder] = 0;
      if (accountIds.length > 0) for (const folder of COUNTED) all[folder] = 0;
      const rows = await db.folderCounts.toArray();
      for (const r of rows) {
        const counts = byAccount[r.accountId];
        const folder = r.folder as LocalFolder;
        if (!counts || !COUNTED.includes(folder)) continue;
        counts[folder] = r.unread;
        all[folder] = (all[folder] ?? 0) + r.unread;
      }
      return { byAccount, all };
    },
  };
}
