/**
 * What the list's buttons and keys do to the selected messages. Ids are resolved from the
 * indexes through the store, so a Shift-selection across rows never rendered still works.
 */
import { useCallback } from 'react';
import { getDb } from '../../data/db';
import { messageListRepo, type ListSort } from '../../data/message-list-repo';
import type { FolderRef } from '../../data/messages-repo';

export function useListActions(ref: FolderRef, sort: ListSort, filteredIds: readonly string[] | null) {
  const { accountId, folder } = ref;
  const resolve = useCallback(
    async (indexes: ReadonlySet<number>): Promise<string[]> => {
      if (indexes.size === 0) return [];
      const sorted = [...indexes].sort((a, b) => a - b);
      if (filteredIds) return sorted.flatMap((i) => (filteredIds[i] === undefined ? [] : [filteredIds[i]]));
      const lo = sorted[0] ?? 0;
      const hi = sorted[sorted.length - 1] ?? 0;
      const ids = await messageListRepo(getDb()).idsInRange({ accountId, folder }, sort, lo, hi - lo + 1);
      return sorted.flatMap((i) => (ids[i - lo] === undefined ? [] : [ids[i - lo] as string]));
    },
    [accountId, folder, sort, filteredIds],
  );

  return {
    resolve,
    async toggleRead(indexes: ReadonlySet<number>) {
      const repo = messageListRepo(getDb());
      const ids = await resolve(indexes);
      const rows = await repo.byIds(ids);
      // Any unread among them: mark all read; otherwise mark all unread (as Thunderbird does).
      await repo.setUnread(ids, !rows.some((r) => r.unread));
    },
    async toggleStar(indexes: ReadonlySet<number>) {
      const repo = messageListRepo(getDb());
      const ids = await resolve(indexes);
      const rows = await repo.byIds(ids);
      await repo.setStarred(ids, !rows.every((r) => r.starred));
    },
    async trash(indexes: ReadonlySet<number>) {
      await messageListRepo(getDb()).moveToTrash(await resolve(indexes));
    },
    async restore(indexes: ReadonlySet<number>) {
      await messageListRepo(getDb()).restore(await resolve(indexes));
    },
    async deleteForever(indexes: ReadonlySet<number>) {
      await messageListRepo(getDb()).deleteForever(await resolve(indexes));
    },
    emptyTrash: () => messageListRepo(getDb()).emptyTrash(accountId),
  };
}
