import { Dexie } from 'dexie';
import type { LocalFolder, MessageBody, MessageMeta } from '../../../shared/model/message';
import type { HeronDb } from './db';
import { getRaw } from './raw-store';
import type { AttachmentRow, MessageRow, UidlRow } from './rows';

/** Where a page of the list comes from: one account's folder, or a folder across accounts. */
export interface FolderRef {
  /** null = every account (the unified Inbox, all Sent, …). */
  readonly accountId: string | null;
  readonly folder: LocalFolder;
}

/** Keyset cursor: the last row of the previous page. Stable when new mail arrives meanwhile. */
export interface PageCursor {
  readonly date: number;
  readonly id: string;
}

export interface Page {
  readonly rows: MessageRow[];
  /** Pass back to get the next (older) page; null when this was the last one. */
  readonly next: PageCursor | null;
}

/** What one fetched message brings; stored all-or-nothing. */
export interface IncomingMessage {
  readonly meta: MessageMeta;
  readonly body: MessageBody;
  readonly raw: Blob;
  readonly attachments: readonly AttachmentRow[];
  readonly uidl?: Omit<UidlRow, 'messageId'>;
}

/** Unread counts by account, then folder; `all` sums every account. */
export interface UnreadCounts {
  readonly byAccount: Readonly<Record<string, Readonly<Partial<Record<LocalFolder, number>>>>>;
  readonly all: Readonly<Partial<Record<LocalFolder, number>>>;
}

const COUNTED: readonly LocalFolder[] = ['inbox', 'drafts', 'outbox'];

function toRow(meta: MessageMeta): MessageRow {
  return { ...meta, unreadFlag: meta.unread ? 1 : 0 };
}

export function messagesRepo(db: HeronDb) {
  return {
    /** Newest first; `limit` rows after `cursor`. */
    async listPage(ref: FolderRef, options: { limit: number; cursor?: PageCursor | null }): Promise<Page> {
      const limit = Math.max(1, Math.min(options.limit, 500));
      const cursor = options.cursor ?? null;
      const upperDate = cursor ? cursor.date : Dexie.maxKey;
      const collection =
        ref.accountId === null
          ? db.messages.where('[folder+date]').between([ref.folder, Dexie.minKey], [ref.folder, upperDate], true, true)
          : db.messages
              .where('[accountId+folder+date]')
              .between([ref.accountId, ref.folder, Dexie.minKey], [ref.accountId, ref.folder, upperDate], true, true);
      // Rows with the cursor's date sort by primary key; reversed, the ones already shown come first.
      const rows = await collection
        .reverse()
        .filter((row) => !cursor || row.date < cursor.date || (row.date === cursor.date && row.id < cursor.id))
        .limit(limit + 1)
        .toArray();
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      const last = page[page.length - 1];
      return { rows: page, next: more && last ? { date: last.date, id: last.id } : null };
    },

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

    /**
     * Stores one downloaded message and records its UIDL in the same strict-durability
     * transaction: when this resolves the message is on disk, so main may delete it from the server.
     */
    async storeIncoming(message: IncomingMessage): Promise<void> {
      await db.transaction('rw', [db.messages, db.bodies, db.raws, db.attachments, db.uidls], async () => {
        await db.messages.put(toRow(message.meta));
        await db.bodies.put(message.body);
        await db.raws.put({ messageId: message.meta.id, blob: message.raw, size: message.raw.size });
        if (message.attachments.length) await db.attachments.bulkPut([...message.attachments]);
        if (message.uidl) await db.uidls.put({ ...message.uidl, messageId: message.meta.id });
      });
    },

    /** Moves to a folder; into Trash remembers where from, so restore can put it back. */
    async move(ids: readonly string[], folder: LocalFolder): Promise<void> {
      await db.transaction('rw', db.messages, async () => {
        const rows = await db.messages.bulkGet([...ids]);
        const moved = rows.flatMap((row) =>
          row ? [{ ...row, folder, previousFolder: folder === 'trash' ? row.folder : undefined }] : [],
        );
        await db.messages.bulkPut(moved);
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
        if (!counts || !COUNTED.includes(r.folder)) continue;
        counts[r.folder] = r.unread;
        all[r.folder] = (all[r.folder] ?? 0) + r.unread;
      }
      return { byAccount, all };
    },
  };
}
