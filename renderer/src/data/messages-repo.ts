/** One message as the reader sees it (its row, body, parts and bytes), and the sidebar's counts. */
import type { LocalFolder, MessageBody } from '../../../shared/model/message';
import type { HeronDb } from './db';
import { getRaw } from './raw-store';
import type { AttachmentRow, MessageRow } from './rows';

/** Where a page of the list comes from: one account's folder, or a folder across accounts. */
export interface FolderRef {
  /** null = every account (the unified Inbox, all Sent, …). */
  readonly accountId: string | null;
  readonly folder: LocalFolder;
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
    getBody(id: string): Promise<MessageBody | undefined> {
      return db.bodies.get(id);
    },
    /** The bytes exactly as the server sent them. */
    getRaw(id: string): Promise<Blob | undefined> {
      return getRaw(db, id);
    },
    attachmentsOf(id: string): Promise<AttachmentRow[]> {
      return db.attachments.where('messageId').equals(id).toArray();
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
        if (!counts || !COUNTED.includes(r.folder)) continue;
        counts[r.folder] = r.unread;
        all[r.folder] = (all[r.folder] ?? 0) + r.unread;
      }
      return { byAccount, all };
    },
  };
}
