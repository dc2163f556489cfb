/**
 * What the list's buttons and keys do to the selected messages. Ids are resolved from the
 * indexes through the store, so a Shift-selection across rows never rendered still works.
 */
import { useCallback } from 'react';
import type { FolderKey } from '../../../../shared/model/message';
import { getDb } from '../../data/db';
import { messageListRepo, type ListSort } from '../../data/message-list-repo';
import type { FolderRef } from '../../data/messages-repo';
import { organize } from '../../data/store/organize-client';
import { useUndo } from '../../state/undo-store';

/** What an action applies to: row indexes, and the ids those rows had when they were selected. */
export interface ActionTarget {
  readonly indexes: ReadonlySet<number>;
  /**
   * Captured at selection time: if mail arrives meanwhile the indexes shift, and an action by
   * index alone would hit the wrong messages. null when some selected rows were never loaded.
   */
  readonly ids?: ReadonlySet<string> | null;
}

export function countText(n: number): string {
  return `${n.toLocaleString()} message${n === 1 ? '' : 's'}`;
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
    /** Those that take rows out of the list answer which messages left it; each can be undone (Ctrl+Z). */
    async trash(target: ActionTarget): Promise<string[]> {
      const ids = await resolve(target);
      const record = await organize({ op: 'move', ids, to: 'trash' });
      useUndo.getState().push(`${countText(ids.length)} moved to Trash`, record);
      return ids;
    },
    async restore(target: ActionTarget): Promise<string[]> {
      const ids = await resolve(target);
      const record = await organize({ op: 'restore', ids });
      useUndo.getState().push(`${countText(ids.length)} restored`, record);
      return ids;
    },
    async archive(target: ActionTarget): Promise<string[]> {
      const ids = await resolve(target);
      const record = await organize({ op: 'archive', ids });
      useUndo.getState().push(`${countText(ids.length)} archived`, record);
      return ids;
    },
    /** To another folder (the picker, a drag onto the folder pane, the context menu). */
    async moveTo(target: ActionTarget, to: FolderKey, folderName: string): Promise<string[]> {
      const ids = await resolve(target);
      const record = await organize({ op: 'move', ids, to });
      useUndo.getState().push(`${countText(ids.length)} moved to ${folderName}`, record);
      return ids;
    },
    async copyTo(target: ActionTarget, to: FolderKey, folderName: string): Promise<void> {
      const ids = await resolve(target);
      const record = await organize({ op: 'copy', ids, to });
      useUndo.getState().push(`${countText(ids.length)} copied to ${folderName}`, record);
    },
    async deleteForever(target: ActionTarget): Promise<string[]> {
      const ids = await resolve(target);
      await organize({ op: 'delete-forever', ids });
      useUndo.getState().forget();
      return ids;
    },
    async emptyTrash(): Promise<number> {
      const n = await organize({ op: 'empty-trash', accountId });
      useUndo.getState().forget();
      return n;
    },
  };
}
