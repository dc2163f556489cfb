/**
 * What the list's buttons and keys do to the selected messages. Ids are resolved from the
 * indexes through the store, so a Shift-selection across rows never rendered still works.
 */
import { useCallback } from 'react';
import { getDb } from '../../data/db';
import { deleteForever, emptyTrash } from '../../data/delete-forever';
import { messageListRepo, type ListSort } from '../../data/message-list-repo';
import type { FolderRef } from '../../data/messages-repo';

/** What an action applies to: row indexes, and the ids those rows had when they were selected. */
export interface ActionTarget {
  readonly indexes: ReadonlySet<number>;
  /**
   * Captured at selection time: if mail arrives meanwhile the indexes shift, and an action by
   * index alone would hit the wrong messages. null when some selected rows were never loaded.
   */
  readonly ids?: ReadonlySet<string> | null;
}

export function useListActions(ref: FolderRef, sort: ListSort, filteredIds: readonly string[] | null) {
  const { accountId, folder } = ref;
  const resolve = useCallback(
    async ({ indexes, ids: pinned }: ActionTarget): Promise<string[]> => {
      if (pinned) return [...pinned];
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
    async toggleRead(target: ActionTarget) {
      const repo = messageListRepo(getDb());
      const ids = await resolve(target);
      const rows = await repo.byIds(ids);
      // Any unread among them: mark all read; otherwise mark all unread (as Thunderbird does).
      await repo.setUnread(ids, !rows.some((r) => r.unread));
    },
    async toggleStar(target: ActionTarget) {
      const repo = messageListRepo(getDb());
      const ids = await resolve(target);
      const rows = await repo.byIds(ids);
      await repo.setStarred(ids, !rows.every((r) => r.starred));
    },
    /** The three that take rows out of the list answer which messages left it. */
    async trash(target: ActionTarget): Promise<string[]> {
      const ids = await resolve(target);
      await messageListRepo(getDb()).moveToTrash(ids);
      return ids;
    },
    async restore(target: ActionTarget): Promise<string[]> {
      const ids = await resolve(target);
      await messageListRepo(getDb()).restore(ids);
      return ids;
    },
    async deleteForever(target: ActionTarget): Promise<string[]> {
      const ids = await resolve(target);
      await deleteForever(getDb(), ids);
      return ids;
    },
    emptyTrash: () => emptyTrash(getDb(), accountId),
  };
}
