/**
 * The list's keys (arrows, Home/End, Page keys; Enter opens; Right/Left open and close a
 * conversation; Delete, m, a, u, s act on the selection; Esc leaves a search), and the reader's
 * commands that act on the list (its Delete key, its Esc).
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useUi } from '../../state/ui-store';
import { moveTarget } from './list-selection';
import { indexOfThread } from './use-conversations';
import type { useListActions } from './use-list-actions';
import type { ListCursor, Viewport } from './use-list-cursor';
import type { ListFiling } from './use-filing';
import type { ListSearch } from './use-list-search';
import type { ListWindow } from './use-list-window';

interface Deps {
  readonly list: ListWindow;
  readonly viewport: Viewport;
  readonly cursor: ListCursor;
  readonly filing: ListFiling;
  readonly search: ListSearch;
  readonly actions: ReturnType<typeof useListActions>;
  toggleThread(threadId: string): void;
}

/** Answers the row's key handler. */
export function useListKeys({ list, viewport, cursor, filing, search, actions, toggleThread }: Deps) {
  const { selection, moveTo, openId, selectMessage } = cursor;
  const count = list.drawable;

  // The reader's Delete key: the message it shows, whatever else is selected; its Esc leaves a search.
  const command = useUi((s) => s.listCommand);
  const handled = useRef(useUi.getState().listCommand?.seq ?? 0);
  useEffect(() => {
    if (command === null || command.seq === handled.current) return;
    handled.current = command.seq;
    if (command.kind === 'delete' && command.messageId === openId) filing.remove(cursor.shownTarget(command.messageId), false);
    if (command.kind === 'leave-search' && search.searching) search.clear();
  });

  return (index: number, event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || ((event.ctrlKey || event.metaKey) && event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    const target = moveTarget(event.key, index, count, Math.max(1, Math.floor(viewport.height / viewport.rowHeight) - 1));
    if (target !== null) {
      event.preventDefault();
      moveTo(target, event.shiftKey);
      return;
    }
    const rowIds = list.targetIdsAt(index);
    const cur = selection.indexes.size > 0 ? selection : { indexes: new Set([index]), anchor: index, cursor: index, ids: rowIds ? new Set(rowIds) : null };
    const entry = list.entryAt(index);
    switch (event.key) {
      case 'Enter': {
        event.preventDefault();
        const opens = list.openIdAt(index);
        if (opens !== undefined) selectMessage(opens);
        document.getElementById('reader-pane')?.focus();
        break;
      }
      // The conversation list: Right opens a conversation's messages, Left closes them (from any of them).
      case 'ArrowRight':
        if (entry?.kind === 'thread' && !entry.expanded) {
          event.preventDefault();
          toggleThread(entry.thread.threadId);
        }
        break;
      case 'ArrowLeft':
        if (entry && (entry.kind === 'message' || entry.expanded)) {
          event.preventDefault();
          const at = entry.kind === 'message' ? indexOfThread(list, entry.thread.threadId, index) : index;
          toggleThread(entry.thread.threadId);
          if (at !== index) moveTo(at, false);
        }
        break;
      case 'Delete':
      case 'Backspace':
        event.preventDefault();
        filing.remove(cur, true);
        break;
      case 'm':
        event.preventDefault();
        filing.openPicker(cur, 'move');
        break;
      case 'a':
        event.preventDefault();
        filing.archive(cur, true);
        break;
      case 'u':
        event.preventDefault();
        void actions.toggleRead(cur);
        break;
      case 's':
        event.preventDefault();
        void actions.toggleStar(cur);
        break;
      case 'Escape':
        if (search.searching) {
          event.preventDefault();
          search.clear();
        }
        break;
    }
  };
}
