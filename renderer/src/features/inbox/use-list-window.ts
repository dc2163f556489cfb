/**
 * The rows a virtualized list needs right now. Counts come from the folder counters; rows are read in
 * aligned chunks around what is visible, so scrolling a 100,000-message folder reads a few
 * hundred rows at a time and React never holds more. A text filter resolves to ids first
 * (subject/sender scan of the folder), then rows are read by id for the visible slice.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../data/db';
import { messageListRepo, type ListSort } from '../../data/message-list-repo';
import type { FolderRef } from '../../data/messages-repo';
import type { MessageRow } from '../../data/rows';
import type { ThreadSummary } from '../../data/thread-list-repo';

export const CHUNK = 50;

export interface ListWindow {
  /** undefined while the first count loads. */
  readonly count: number | undefined;
  /** `count` once known; before that, as many rows as the first slice brought (rows never wait for the count). */
  readonly drawable: number;
  /** Row at an index, if loaded. */
  rowAt(index: number): MessageRow | undefined;
  /** Ids in filter order when a filter is on (null otherwise). */
  readonly filteredIds: readonly string[] | null;
  /** What an action on the row at an index applies to (a conversation's row: its messages in the folder). */
  targetIdsAt(index: number): readonly string[] | undefined;
  /** The message opening the row at an index shows (a conversation's row: its newest message). */
  openIdAt(index: number): string | undefined;
  /** In the conversation list, what the row at an index is; undefined in the flat list. */
  entryAt(index: number): ListEntry | undefined;
  /** In the conversation list, how many conversations were read, and whether that is all of them. */
  readonly conversations?: { readonly n: number; readonly complete: boolean };
}

/** A row of the conversation list: a conversation, or (expanded) one of its messages. */
export type ListEntry =
  | { readonly kind: 'thread'; readonly thread: ThreadSummary; readonly expanded: boolean }
  | { readonly kind: 'message'; readonly thread: ThreadSummary; readonly row: MessageRow };

export function useListWindow(ref: FolderRef, sort: ListSort, query: string, first: number, last: number): ListWindow {
  const { accountId, folder } = ref;
  const repo = messageListRepo(getDb());
  const filter = query.trim();
  const start = Math.max(0, Math.floor(first / CHUNK) * CHUNK - CHUNK);
  const end = Math.ceil((last + 1) / CHUNK) * CHUNK + CHUNK;

  const filteredIds = useLiveQuery(
    () => (filter === '' ? Promise.resolve(null) : repo.filterIds({ accountId, folder }, sort, filter)),
    [accountId, folder, sort.key, sort.dir, filter],
  );
  const count = useLiveQuery(() => repo.count({ accountId, folder }), [accountId, folder]);
  const ids = filter === '' ? null : filteredIds;
  const key = `${accountId ?? '*'}|${folder}|${sort.key}|${sort.dir}|${filter}`;
  const loaded = useLiveQuery(async () => {
    if (filter !== '') {
      if (!ids) return null;
      return { key, start, rows: await repo.byIds(ids.slice(start, end)) };
    }
    return { key, start, rows: await repo.window({ accountId, folder }, sort, start, end - start, count) };
  }, [key, ids, start, end, count]);

  // While a new slice loads, the previous one keeps showing (no flash of empty rows); a slice
  // of another folder, order or filter never does.
  const shown = loaded?.key === key ? loaded : null;

  const rowAt = (index: number) => (shown ? shown.rows[index - shown.start] : undefined);
  const known = filter === '' ? count : ids ? ids.length : undefined;
  return {
    count: known,
    drawable: known ?? (shown ? shown.start + shown.rows.length : 0),
    filteredIds: ids ?? null,
    rowAt,
    targetIdsAt: (index) => {
      const id = rowAt(index)?.id;
      return id === undefined ? undefined : [id];
    },
    openIdAt: (index) => rowAt(index)?.id,
    entryAt: () => undefined,
  };
}
