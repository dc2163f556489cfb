/**
 * Conversations as the list and the reader read them. A folder's conversations come in the order
 * of their first row in the folder's order (newest first: the conversation with the latest mail
 * on top), found by reading the folder's rows in steps from the top until enough conversations
 * are in, so the top of a folder of 100,000 costs what is on screen, not the folder.
 */
import type { HeronDb } from './db';
import { folderCollection, matchesFilter, type ListSort } from './message-list-repo';
import type { FolderRef } from './messages-repo';
import type { MessageRow } from './rows';

/** Rows read per step while looking for more conversations. */
const STEP = 400;

export interface ThreadSummary {
  readonly threadId: string;
  /** The folder's row that places the conversation (its newest there, in the default order). */
  readonly row: MessageRow;
  /** The conversation's messages, oldest first: outside Trash, or only those in Trash when looking at Trash. */
  readonly messages: readonly MessageRow[];
  readonly unread: number;
  /** Who wrote, in the order they first did (names where known). */
  readonly participants: readonly string[];
  /** The conversation's messages in this folder: what an action on its row applies to. */
  readonly inFolder: readonly string[];
}

/** The thread a row is in (its own id for a row not threaded yet). */
export function threadOfRow(row: MessageRow): string {
  return row.threadId ?? `row:${row.id}`;
}

/** Who a sender is, in a few letters: the name, else the address. */
export function shortName(row: MessageRow): string {
  const name = row.from?.name.trim() ?? '';
  return name !== '' ? name : (row.from?.address ?? '(unknown sender)');
}

/** What the conversation view shows of a message's conversation: oldest first; Trash apart from the rest. */
export async function conversationOf(db: HeronDb, row: MessageRow): Promise<MessageRow[]> {
  if (row.threadId === undefined) return [row];
  const all = await db.messages.where('threadId').equals(row.threadId).toArray();
  const inTrash = row.folder === 'trash';
  return all.filter((r) => (r.folder === 'trash') === inTrash).sort(byDate);
}

function byDate(a: MessageRow, b: MessageRow): number {
  return a.date - b.date || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The folder's first `want` conversations (in `sort`, filtered by `query` like the flat list),
 * with their counts; `complete` once the folder had no more.
 */
export async function threadWindow(db: HeronDb, ref: FolderRef, sort: ListSort, query: string, want: number): Promise<{ threads: ThreadSummary[]; complete: boolean }> {
  const needle = query.trim().toLowerCase();
  const order: string[] = [];
  const first = new Map<string, MessageRow>();
  let complete = false;
  for (let offset = 0; order.length < want; offset += STEP) {
    const rows = await folderCollection(db, ref, sort).offset(offset).limit(STEP).toArray();
    for (const r of rows) {
      if (needle !== '' && !matchesFilter(r, needle)) continue;
      const t = threadOfRow(r);
      if (!first.has(t)) {
        first.set(t, r);
        order.push(t);
      }
    }
    if (rows.length < STEP) {
      complete = true;
      break;
    }
  }
  const shown = order.slice(0, want);
  const stored = shown.filter((t) => !t.startsWith('row:'));
  const members = stored.length === 0 ? [] : await db.messages.where('threadId').anyOf(stored).toArray();
  const byThread = new Map<string, MessageRow[]>();
  const inTrash = ref.folder === 'trash';
  for (const r of members) {
    if ((r.folder === 'trash') !== inTrash) continue;
    const list = byThread.get(r.threadId as string);
    if (list) list.push(r);
    else byThread.set(r.threadId as string, [r]);
  }
  const threads = shown.map((threadId): ThreadSummary => {
    const row = first.get(threadId) as MessageRow;
    const messages = (byThread.get(threadId) ?? [row]).sort(byDate);
    const participants: string[] = [];
    for (const m of messages) {
      const who = shortName(m);
      if (!participants.includes(who)) participants.push(who);
    }
    return {
      threadId,
      row,
      messages,
      unread: messages.filter((m) => m.unread).length,
      participants,
      inFolder: messages.filter((m) => m.folder === ref.folder && (ref.accountId === null || m.accountId === ref.accountId)).map((m) => m.id),
    };
  });
  return { threads, complete: complete && order.length <= want };
}
