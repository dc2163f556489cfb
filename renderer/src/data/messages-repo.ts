/** One message as the reader sees it (its row, body, parts and bytes), and the sidebar's counts. */
import type { FolderKey, LocalFolder, MessageBody } from '../../../shared/model/message';
import { base64InRaw, readStoredText } from '../../../shared/model/stored-text';
import type { HeronDb } from './db';
import { getRaw, getRawBytes } from './raw-store';
import type { AttachmentRow, MessageRow } from './rows';

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

export function messagesRepo(db: HeronDb) {
  return {
    get(id: string): Promise<MessageRow | undefined> {
      return db.messages.get(id);
    },
    /** The body, its text and HTML read out of the message's bytes where that is where they are. */
    async getBody(id: string): Promise<MessageBody | undefined> {
      const row = await db.bodies.get(id);
      if (!row) return undefined;
      const inRaw = [row.text, row.html].some((t) => t !== null && typeof t === 'object');
      const raw = inRaw ? (await getRawBytes(db, [id])).get(id) : undefined;
      return { messageId: id, text: readStoredText(raw, row.text), html: readStoredText(raw, row.html), warnings: row.warnings };
    },
    /** The bytes exactly as the server sent them. */
    getRaw(id: string): Promise<Blob | undefined> {
      return getRaw(db, id);
    },
    /** The parts, each with its bytes as a Blob (those stored as base64 in the message decoded from there). */
    async attachmentsOf(id: string): Promise<AttachmentRow[]> {
      const rows = await db.attachments.where('messageId').equals(id).toArray();
      const raw = rows.some((r) => r.inRaw) ? (await getRawBytes(db, [id])).get(id) : undefined;
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
