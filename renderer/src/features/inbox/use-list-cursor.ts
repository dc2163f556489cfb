/**
 * Where the list is: the slice of rows on screen (fixed-height rows, only the visible ones plus
 * overscan rendered), the selection and its cursor, and the message shown following the cursor.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useUi } from '../../state/ui-store';
import { EMPTY_SELECTION, afterRemoval, only, pinIds, select, type Selection } from './list-selection';
import type { ListWindow } from './use-list-window';

const OVERSCAN = 8;

/** The scroll position and height of the list, and the rows that fall in view. */
export function useViewport(rowHeight: number) {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const scroller = useRef<HTMLDivElement>(null);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.floor((scrollTop + height) / rowHeight) + OVERSCAN;

  const scrollIntoView = (index: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = index * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    setScrollTop(el.scrollTop);
  };

  return { scroller, rowHeight, height, setHeight, setScrollTop, first, last, scrollIntoView };
}

export type Viewport = ReturnType<typeof useViewport>;

/** Keeps the viewport's height the scroller's; the scroller is there only while the list has rows. */
export function useTrackHeight({ scroller, setHeight }: Viewport, hasRows: boolean): void {
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    observer.observe(el);
    setHeight(el.clientHeight || 600);
    return () => observer.disconnect();
  }, [hasRows, scroller, setHeight]);
}

/**
 * The selection over `list`. `listKey` changes when the list is a new one (another folder, order,
 * search or mode): the old indexes mean nothing there, so the selection is dropped and the list
 * scrolls to the top; the message shown stays selected if its row is among the first loaded.
 */
export function useListCursor(list: ListWindow, viewport: Viewport, listKey: string) {
  const openId = useUi((s) => s.messageId);
  const selectMessage = useUi((s) => s.selectMessage);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const wantFocus = useRef(false);
  const wantOpen = useRef(false);
  // Messages on their way out of the list (a delete whose next row was not loaded yet).
  const leaving = useRef<ReadonlySet<string>>(new Set());
  const { scroller, setScrollTop, first, last, scrollIntoView } = viewport;
  const count = list.drawable;
  const pinned = (s: Selection): Selection => pinIds(s, (i) => list.targetIdsAt(i));

  const reselect = useRef(false);
  useEffect(() => {
    setSelection(EMPTY_SELECTION);
    reselect.current = true;
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [listKey, scroller, setScrollTop]);

  /** Where a message's row is among the rows on screen (and overscan), if it is there. */
  const loadedIndexOf = (id: string): number | null => {
    for (let i = first; i < Math.min(count, last + 1); i++) if (list.openIdAt(i) === id || list.rowAt(i)?.id === id) return i;
    return null;
  };

  // Opening follows the cursor once its row has loaded (End in a long folder loads it first),
  // never onto a row that is on its way out.
  const cursorOpens = selection.cursor === null ? undefined : list.openIdAt(selection.cursor);
  useEffect(() => {
    if (wantOpen.current && cursorOpens !== undefined && !leaving.current.has(cursorOpens)) {
      wantOpen.current = false;
      selectMessage(cursorOpens);
    }
    if (wantFocus.current && selection.cursor !== null) {
      const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${selection.cursor}"]`);
      if (el) {
        wantFocus.current = false;
        el.focus({ preventScroll: true });
      }
    }
  });
  const shownAt = openId === null ? null : loadedIndexOf(openId);
  const firstLoaded = list.rowAt(first) !== undefined;
  const shownIds = shownAt === null ? '' : (list.targetIdsAt(shownAt) ?? []).join('\n');
  // The conversation list knows its count only once the whole folder was read: rows loaded will do.
  const settled = list.count !== undefined || (list.conversations !== undefined && count > 0);
  useEffect(() => {
    if (!reselect.current || !settled || (count > 0 && !firstLoaded)) return;
    reselect.current = false;
    if (openId !== null && shownAt !== null) setSelection({ ...only(shownAt, openId), ids: new Set([openId, ...(shownIds ? shownIds.split('\n') : [])]) });
  }, [settled, count, firstLoaded, openId, shownAt, shownIds]);

  // Rows removed under the cursor (deleted, moved, filtered out): keep the cursor in range.
  useEffect(() => {
    if (list.count !== undefined && selection.cursor !== null && selection.cursor >= list.count) setSelection(afterRemoval(selection.cursor, list.count));
  }, [list.count, selection.cursor]);

  const moveTo = (index: number, extend: boolean) => {
    const next = pinned(select(selection, index, extend ? 'extend' : 'single'));
    setSelection(next);
    wantFocus.current = true;
    if (!extend) wantOpen.current = true;
    scrollIntoView(index);
  };

  /** The message shown, as a selection of its row (by id alone when its row is not on screen). */
  const shownTarget = (id: string): Selection => {
    const at = loadedIndexOf(id);
    return at === null ? { indexes: new Set(), anchor: null, cursor: null, ids: new Set([id]) } : only(at, id);
  };
  // What the toolbar acts on: the selected rows, else the message the reader shows.
  const target: Selection | null = selection.indexes.size > 0 ? selection : openId !== null ? shownTarget(openId) : null;

  return { openId, selectMessage, selection, setSelection, pinned, moveTo, shownTarget, target, wantFocus, wantOpen, leaving };
}

export type ListCursor = ReturnType<typeof useListCursor>;
