/**
 * The message list's window onto a folder: counts and slices straight from indexes, so a folder
 * of 100,000 messages never sits in memory (the list asks only for the rows on screen).
 * Sorting by date, sender or subject each has its own compound index (schema.ts); rows with
 * equal keys come in primary-key order, the same for every slice, so nothing repeats or skips.
 * Moving and deleting are not the list's business: filing is move-messages.ts, and deleting for
 * good reaches the raw bytes and the POP state too (delete-forever.ts).
 */
import { Dexie, type Collection } from 'dexie';
import type { HeronDb } from './db';
import type { FolderRef } from './messages-repo';
import type { MessageRow } from './rows';
import type { SortKey } from './sort-state';
import { draftAsMessage, draftIdOf, isDraftDoc, isIndexedDraft } from './search/draft-docs';

export interface ListSort {
  readonly key: SortKey;
  /** 'desc': newest / Z first. */
  readonly dir: 'asc' | 'desc';
}

export const DEFAULT_SORT: ListSort = { key: 'date', dir: 'desc' };

const FIELD: Record<SortKey, string> = { date: 'date', from: 'sortFrom', subject: 'sortSubject' };

export function folderCollection(db: HeronDb, ref: FolderRef, sort: ListSort): Collection<MessageRow, string> {
  const field = FIELD[sort.key];
  const c =
    ref.accountId === null
      ? db.messages.where(`[folder+${field}]`).between([ref.folder, Dexie.minKey], [ref.folder, Dexie.maxKey], true, true)
      : db.messages
          .where(`[accountId+folder+${field}]`)
          .between([ref.accountId, ref.folder, Dexie.minKey], [ref.accountId, ref.folder, Dexie.maxKey], true, true);
  return sort.dir === 'desc' ? c.reverse() : c;
}

/** Whether a row's subject or sender contains `needle` (lower case): the list's quick filter. */
export function matchesFilter(row: MessageRow, needle: string): boolean {
  return (
    row.subject.toLowerCase().includes(needle) ||
    (row.from !== null && (row.from.name.toLowerCase().includes(needle) || row.from.address.toLowerCase().includes(needle)))
  );
}

export function messageListRepo(db: HeronDb) {
  return {
    /** How many messages a folder holds: its counters (folder-counts.ts), never a count of the index. */
    async count(ref: FolderRef): Promise<number> {
      if (ref.accountId !== null) return (await db.folderCounts.get([ref.accountId, ref.folder]))?.total ?? 0;
      const rows = await db.folderCounts.toArray(); // one row per account and folder
      return rows.reduce((n, r) => (r.folder === ref.folder ? n + r.total : n), 0);
    },

    /**
     * Rows [offset, offset + limit) in the given order. Skipping rows costs a cursor step each,
     * so with `total` known, a window in the second half is read from the other end (the same
     * rows, reversed back): the oldest of 100,000 is as quick to reach as the newest.
     */
    async window(ref: FolderRef, sort: ListSort, offset: number, limit: number, total?: number): Promise<MessageRow[]> {
      const from = Math.max(0, offset);
      const n = Math.max(0, Math.min(limit, 1000));
      if (total !== undefined && from > total / 2) {
        const end = Math.min(total, from + n);
        const flipped: ListSort = { key: sort.key, dir: sort.dir === 'asc' ? 'desc' : 'asc' };
        const rows = await folderCollection(db, ref, flipped).offset(total - end).limit(Math.max(0, end - from)).toArray();
        return rows.reverse();
      }
      return folderCollection(db, ref, sort).offset(from).limit(n).toArray();
    },

    /** Ids of rows [offset, offset + limit) in the given order (a selection spanning unseen rows). */
    idsInRange(ref: FolderRef, sort: ListSort, offset: number, limit: number): Promise<string[]> {
      return folderCollection(db, ref, sort).offset(Math.max(0, offset)).limit(Math.max(0, limit)).primaryKeys();
    },

    /** Rows by id, in the order given (a filtered window). */
    /** Search results: messages, and drafts shown as rows of the Drafts folder (search/draft-docs.ts). */
    async byIds(ids: readonly string[]): Promise<MessageRow[]> {
      const rows = await db.messages.bulkGet([...ids]);
      const draftAt = ids.flatMap((id, i) => (isDraftDoc(id) ? [i] : []));
      if (draftAt.length > 0) {
        const drafts = await db.drafts.bulkGet(draftAt.map((i) => draftIdOf(ids[i] as string)));
        draftAt.forEach((i, k) => {
          const d = drafts[k];
          if (isIndexedDraft(d)) rows[i] = draftAsMessage(d);
        });
      }
      return rows.filter((r): r is MessageRow => r !== undefined);
    },

    // By key, not a query: a where().anyOf() walks the index once per id it seeks.
    async setStarred(ids: readonly string[], starred: boolean): Promise<void> {
      await db.messages.bulkUpdate(ids.map((key) => ({ key, changes: { starred } })));
    },

    async setUnread(ids: readonly string[], unread: boolean): Promise<void> {
      await db.messages.bulkUpdate(ids.map((key) => ({ key, changes: { unread, unreadFlag: unread ? 1 : 0 } })));
    },

  };
}

export type MessageListRepo = ReturnType<typeof messageListRepo>;
