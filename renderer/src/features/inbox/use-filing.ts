/**
 * Taking rows out of the list and filing them: to Trash, restored, archived, moved or copied by the
 * picker, a drag onto the folder pane or the context menu, and deleted for good after a question.
 */
import { useState, type DragEvent, type MouseEvent } from 'react';
import type { FolderKey } from '../../../../shared/model/message';
import { useUndo } from '../../state/undo-store';
import { startMessageDrag, DRAG_TYPE } from '../folders/drag';
import type { PickerTarget } from '../folders/MovePicker';
import { EMPTY_SELECTION, afterRemoval, only, successor, type Selection } from './list-selection';
import type { useListActions } from './use-list-actions';
import type { ListCursor, Viewport } from './use-list-cursor';
import type { ListWindow } from './use-list-window';

/** What is open over the list: the folder picker, or the rows' context menu. */
export type Filing = { kind: 'picker'; mode: 'move' | 'copy'; target: Selection } | { kind: 'menu'; x: number; y: number; target: Selection };
/** A delete for good (of the target) or emptying Trash, waiting for the person's yes. */
export interface Confirm {
  readonly kind: 'delete' | 'empty';
  readonly n: number;
  readonly target: Selection | null;
}

export const sizeOf = (t: Selection) => t.ids?.size ?? t.indexes.size;
const say = (error: unknown) => useUndo.getState().say(error instanceof Error ? error.message : String(error), true);

export function useFiling(folder: FolderKey, list: ListWindow, actions: ReturnType<typeof useListActions>, cursor: ListCursor, viewport: Viewport) {
  const { selection, setSelection, selectMessage, leaving, wantFocus, wantOpen } = cursor;
  const [filing, setFiling] = useState<Filing | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const count = list.drawable;

  /**
   * Rows leave the list (to Trash, restored, deleted for good): the row after them is selected
   * and shown, as in Thunderbird, so the reader never stays on a message that is gone and the
   * next key acts on what the person sees. `focusList` when the key was pressed in the list.
   */
  const takeOut = async (t: Selection, run: (t: Selection) => Promise<string[]>, focusList: boolean) => {
    const next = successor(t.indexes, count);
    const nextOpens = next === null ? undefined : list.openIdAt(next.before);
    const nextIds = next === null ? undefined : list.targetIdsAt(next.before);
    leaving.current = new Set(await run(t));
    if (next !== null && nextOpens !== undefined) {
      setSelection({ ...only(next.after, nextOpens), ids: new Set(nextIds ?? [nextOpens]) });
      selectMessage(nextOpens);
    } else if (next !== null) {
      // Its row was not loaded: open whatever takes that place once it is.
      setSelection(afterRemoval(next.after, next.after + 1));
      selectMessage(null);
      wantOpen.current = true;
    } else {
      setSelection(EMPTY_SELECTION);
      selectMessage(null);
    }
    if (next !== null) {
      wantFocus.current = focusList;
      viewport.scrollIntoView(next.after);
    }
  };

  /** Files `t` in a folder (moving takes the rows out of this list; copying leaves them). */
  const file = (t: Selection, to: PickerTarget, mode: 'move' | 'copy', focusList: boolean) =>
    (mode === 'move' ? takeOut(t, (x) => actions.moveTo(x, to.folder, to.name), focusList) : actions.copyTo(t, to.folder, to.name)).catch(say);
  const archive = (t: Selection | null, focusList: boolean) => {
    if (t !== null && sizeOf(t) > 0) takeOut(t, actions.archive, focusList).catch(say);
  };
  const restore = (t: Selection | null) => {
    if (t !== null) takeOut(t, actions.restore, false).catch(say);
  };
  const openPicker = (t: Selection | null, mode: 'move' | 'copy') => {
    if (t !== null && sizeOf(t) > 0) setFiling({ kind: 'picker', mode, target: t });
  };
  /** To Trash, or (in Trash) for good once the person says yes. */
  const remove = (t: Selection | null, focusList: boolean) => {
    if (t === null) return;
    const n = sizeOf(t);
    if (n === 0) return;
    if (folder === 'trash') setConfirm({ kind: 'delete', n, target: t });
    else void takeOut(t, actions.trash, focusList);
  };
  const confirmed = async (c: Confirm) => {
    setConfirm(null);
    if (c.kind === 'delete' && c.target) {
      await takeOut(c.target, actions.deleteForever, false);
      return;
    }
    await actions.emptyTrash();
    selectMessage(null);
    setSelection(EMPTY_SELECTION);
  };

  /** The rows a drag or a right-click acts on: the selection when the row is in it, else that row alone. */
  const rowTarget = (index: number): Selection | null => {
    const row = list.rowAt(index);
    if (!row) return null;
    const inSelection = selection.ids ? selection.ids.has(row.id) : selection.indexes.has(index);
    return inSelection ? selection : only(index, row.id);
  };
  const onDragStart = (index: number, event: DragEvent<HTMLDivElement>) => {
    const t = rowTarget(index);
    if (!t) return;
    if (t !== selection) setSelection(t);
    event.dataTransfer.setData(DRAG_TYPE, String(sizeOf(t)));
    event.dataTransfer.effectAllowed = 'copyMove';
    startMessageDrag({ count: sizeOf(t), drop: (to, name, copy) => file(t, { key: to, folder: to, name, where: '', icon: 'custom' }, copy ? 'copy' : 'move', false) });
  };
  const onContextMenu = (index: number, event: MouseEvent<HTMLDivElement>) => {
    const t = rowTarget(index);
    if (!t) return;
    event.preventDefault();
    if (t !== selection) setSelection(t);
    setFiling({ kind: 'menu', x: event.clientX, y: event.clientY, target: t });
  };

  return { filing, setFiling, confirm, setConfirm, confirmed, file, archive, restore, openPicker, remove, onDragStart, onContextMenu };
}

export type ListFiling = ReturnType<typeof useFiling>;
