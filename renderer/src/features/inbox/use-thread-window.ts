/**
 * The conversation list's rows: one per conversation, and under an expanded one its messages,
 * oldest first. Conversations are read from the top of the folder as far as the list has been
 * scrolled (thread-list-repo.ts), a chunk beyond what is visible, so the list grows as it scrolls.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../data/db';
import type { ListSort } from '../../data/message-list-repo';
import type { FolderRef } from '../../data/messages-repo';
import { threadWindow } from '../../data/thread-list-repo';
import { CHUNK, type ListEntry, type ListWindow } from './use-list-window';

export function useThreadWindow(enabled: boolean, ref: FolderRef, sort: ListSort, query: string, last: number, expanded: ReadonlySet<string>): ListWindow {
  const { accountId, folder } = ref;
  const filter = query.trim();
  const want = Math.ceil((last + 1) / CHUNK) * CHUNK + CHUNK;
  const key = `${accountId ?? '*'}|${folder}|${sort.key}|${sort.dir}|${filter}`;
  const loaded = useLiveQuery(
    async () => (enabled ? { key, ...(await threadWindow(getDb(), { accountId, folder }, sort, filter, want)) } : null),
    [enabled, key, want],
  );
  // While more conversations load, the ones read keep showing; another folder's never do.
  const shown = loaded?.key === key ? loaded : null;
  const entries: ListEntry[] = [];
  for (const thread of shown?.threads ?? []) {
    const open = expanded.has(thread.threadId);
    entries.push({ kind: 'thread', thread, expanded: open });
    if (open) for (const row of thread.messages) entries.push({ kind: 'message', thread, row });
  }
  const entryAt = (index: number) => entries[index];
  const rowAt = (index: number) => {
    const e = entries[index];
    return e === undefined ? undefined : e.kind === 'thread' ? e.thread.row : e.row;
  };
  const count = shown?.complete ? entries.length : undefined;
  return {
    count,
    drawable: entries.length,
    filteredIds: null,
    conversations: { n: shown?.threads.length ?? 0, complete: shown?.complete ?? false },
    rowAt,
    entryAt,
    targetIdsAt: (index) => {
      const e = entries[index];
      if (e === undefined) return undefined;
      if (e.kind === 'message') return [e.row.id];
      return e.thread.inFolder.length > 0 ? e.thread.inFolder : [e.thread.row.id];
    },
    openIdAt: (index) => {
      const e = entries[index];
      if (e === undefined) return undefined;
      // A conversation opens at its newest message, whichever folder holds it (an answer in Sent).
      return e.kind === 'message' ? e.row.id : (e.thread.messages[e.thread.messages.length - 1] ?? e.thread.row).id;
    },
  };
}
