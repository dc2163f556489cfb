import { useEffect, useLayoutEffect, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { saveSetting, useAccounts, useSetting } from '../../data/hooks';
import { log } from '../../log/logger';
import { PHRASE_CHECKS } from '../../data/search/run-search';
import { useUndo } from '../../state/undo-store';
import { ContextMenu } from '../folders/ContextMenu';
import { endMessageDrag, startMessageDrag, DRAG_TYPE } from '../folders/drag';
import { MovePicker, pickerTargets, type PickerTarget } from '../folders/MovePicker';
import { useFolderData } from '../folders/use-folders';
import { useUi } from '../../state/ui-store';
import { AccountFetchStatus } from '../fetch/AccountFetchStatus';
import { getBridge } from '../../bridge/bridge';
import { FetchArea } from '../fetch/FetchArea';
import { OwnMailStatus, useOwnMailStart } from '../own-mail/OwnMailStatus';
import { UndownloadedNotice } from '../fetch/UndownloadedNotice';
import { folderTitle } from '../shell/folders';
import { ConfirmBar } from './ConfirmBar';
import { ListToolbar } from './ListToolbar';
import { EMPTY_SELECTION, afterRemoval, moveTarget, only, pinIds, select, successor, type Selection } from './list-selection';
import { MessageRow } from './MessageRow';
import { countText, useListActions } from './use-list-actions';
import { useListWindow } from './use-list-window';
import { useThreadWindow } from './use-thread-window';
import { useListPreferences } from './use-list-preferences';
import { NO_SEARCH, queryOf, SearchBar, type SearchSettings } from './SearchBar';
import { SEARCH_DELAY_MS, useDebounced, useSearch } from './use-search';
import { useReaderFollowsResults } from './use-reader-follows';
import '../fetch/fetch.css';
import './message-list.css';

const OVERSCAN = 8;
/** Searches remembered for the search field. */
export const RECENT_SEARCHES = 10;

/**
 * The middle pane: one folder (of one account or all), virtualized — fixed-height rows, only
 * the visible ones (plus overscan) rendered, read from the store by index as they scroll in.
 */
export function MessageList({ accountCount }: { accountCount: number }) {
  const accounts = useAccounts() ?? [];
  const folder = useUi((s) => s.folder);
  const openId = useUi((s) => s.messageId);
  const selectMessage = useUi((s) => s.selectMessage);
  const { sort, setSort, density, rowHeight, threads, setThreads } = useListPreferences();
  // Conversations expanded in the conversation list (by thread id).
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [searchSettings, setSearchSettings] = useState<SearchSettings>(NO_SEARCH);
  const setSearchHighlight = useUi((s) => s.setSearchHighlight);
  const recent = useSetting('recentSearches') ?? [];
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const scroller = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const wantFocus = useRef(false);
  const wantOpen = useRef(false);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.floor((scrollTop + height) / rowHeight) + OVERSCAN;
  const query = useDebounced(queryOf(searchSettings), SEARCH_DELAY_MS);
  const searching = query !== '';
  const request = searching
    ? {
        query,
        scope: searchSettings.everywhere ? { accountId: null, folder: null } : { accountId: folder.accountId, folder: folder.folder },
        order: searchSettings.order,
      }
    : null;
  const { answer } = useSearch(request);
  const results = !searching ? null : answer === undefined ? undefined : answer.ok ? answer.ids : [];
  const searchError = searching && answer !== undefined && !answer.ok ? answer.message : null;
  const highlightKey = searching && answer?.ok ? answer.highlight.join('\u0000') : '';
  useEffect(() => {
    setSearchHighlight(highlightKey === '' ? [] : highlightKey.split('\u0000'));
  }, [highlightKey, setSearchHighlight]);
  // Search results are messages; the folder itself may be shown as conversations.
  const conversations = threads && !searching;
  // The reader shows only a message among the results (use-reader-follows.ts).
  const shownResults = useReaderFollowsResults(request === null ? '' : JSON.stringify(request), results);
  const flat = useListWindow(folder, sort, shownResults, first, last);
  const threaded = useThreadWindow(conversations, folder, sort, '', last, expanded);
  const list = conversations ? threaded : flat;
  const count = list.drawable;
  const actions = useListActions(folder, sort, list.filteredIds);
  // Exporting the selection: its progress and end show under the toolbar.
  const exportSelection = useOwnMailStart();
  const [exportShown, setExportShown] = useState(false);
  const idsAt = (i: number) => list.targetIdsAt(i);
  const pinned = (s: Selection): Selection => pinIds(s, idsAt);
  const folderData = useFolderData();
  const folderName = folderTitle(folder.accountId, folder.folder, accountCount, folderData.folders);
  const title = searching ? 'Search results' : folderName;
  const searchKey = request === null ? '' : JSON.stringify(request);
  const shownAccounts = folder.accountId === null ? accounts : accounts.filter((a) => a.id === folder.accountId);

  // A new folder, order or filter is a new list: the old indexes mean nothing there. The
  // message shown stays selected if its row is among the first loaded.
  const reselect = useRef(false);
  useEffect(() => {
    setSelection(EMPTY_SELECTION);
    reselect.current = true;
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [folder.accountId, folder.folder, sort.key, sort.dir, searchKey, conversations]);

  // `/` (outside a text field) and Ctrl+K (anywhere) go to the search field.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = t !== null && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      // In the message editor Ctrl+K makes a link, as in every editor; elsewhere it goes to search.
      if (e.defaultPrevented || (t?.isContentEditable ?? false)) return;
      if (((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') || (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const rememberSearch = () => {
    const text = searchSettings.text.trim();
    if (text === '' || recent[0] === text) return;
    saveSetting('recentSearches', [text, ...recent.filter((r) => r !== text)].slice(0, RECENT_SEARCHES)).catch((error: unknown) => log.warn('Could not remember the search', error));
  };
  const clearSearch = () => {
    setSearchSettings({ ...NO_SEARCH, everywhere: searchSettings.everywhere, order: searchSettings.order });
    document.getElementById('message-list')?.focus();
  };

  const hasRows = count > 0;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    observer.observe(el);
    setHeight(el.clientHeight || 600);
    return () => observer.disconnect();
  }, [hasRows]);

  /** Where a message's row is among the rows on screen (and overscan), if it is there. */
  const loadedIndexOf = (id: string): number | null => {
    for (let i = first; i < Math.min(count, last + 1); i++) if (list.openIdAt(i) === id || list.rowAt(i)?.id === id) return i;
    return null;
  };

  // Opening follows the cursor once its row has loaded (End in a long folder loads it first),
  // never onto a row that is on its way out (a delete whose next row was not loaded yet).
  const leaving = useRef<ReadonlySet<string>>(new Set());
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

  const scrollIntoView = (index: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = index * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    setScrollTop(el.scrollTop);
  };

  const moveTo = (index: number, extend: boolean) => {
    const next = pinned(select(selection, index, extend ? 'extend' : 'single'));
    setSelection(next);
    wantFocus.current = true;
    if (!extend) wantOpen.current = true;
    scrollIntoView(index);
  };

  const onClick = (index: number, event: MouseEvent<HTMLDivElement>) => {
    const gesture = event.shiftKey ? 'extend' : event.ctrlKey || event.metaKey ? 'toggle' : 'single';
    setSelection((s) => pinned(select(s, index, gesture)));
    const opens = list.openIdAt(index);
    if (gesture === 'single' && opens !== undefined) {
      if (searching) rememberSearch();
      selectMessage(opens);
    }
  };

  /** The message shown, as a selection of its row (by id alone when its row is not on screen). */
  const shownTarget = (id: string): Selection => {
    const at = loadedIndexOf(id);
    return at === null ? { indexes: new Set(), anchor: null, cursor: null, ids: new Set([id]) } : only(at, id);
  };
  // What the toolbar acts on: the selected rows, else the message the reader shows.
  const target: Selection | null = selection.indexes.size > 0 ? selection : openId !== null ? shownTarget(openId) : null;

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
      scrollIntoView(next.after);
    }
  };

  const say = (error: unknown) => useUndo.getState().say(error instanceof Error ? error.message : String(error), true);
  const [filing, setFiling] = useState<{ kind: 'picker'; mode: 'move' | 'copy'; target: Selection } | { kind: 'menu'; x: number; y: number; target: Selection } | null>(null);
  const sizeOf = (t: Selection) => t.ids?.size ?? t.indexes.size;
  /** Files `t` in a folder (moving takes the rows out of this list; copying leaves them). */
  const file = (t: Selection, to: PickerTarget, mode: 'move' | 'copy', focusList: boolean) =>
    (mode === 'move' ? takeOut(t, (x) => actions.moveTo(x, to.folder, to.name), focusList) : actions.copyTo(t, to.folder, to.name)).catch(say);
  const archive = (t: Selection | null, focusList: boolean) => {
    if (t !== null && sizeOf(t) > 0) takeOut(t, actions.archive, focusList).catch(say);
  };
  const openPicker = (t: Selection | null, mode: 'move' | 'copy') => {
    if (t !== null && sizeOf(t) > 0) setFiling({ kind: 'picker', mode, target: t });
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

  const [confirm, setConfirm] = useState<{ kind: 'delete' | 'empty'; n: number; target: Selection | null } | null>(null);

  const remove = (t: Selection | null, focusList: boolean) => {
    if (t === null) return;
    const n = t.ids?.size ?? t.indexes.size;
    if (n === 0) return;
    if (folder.folder === 'trash') setConfirm({ kind: 'delete', n, target: t });
    else void takeOut(t, actions.trash, focusList);
  };

  // The reader's Delete key: the message it shows, whatever else is selected; its Esc leaves a search.
  const command = useUi((s) => s.listCommand);
  const handled = useRef(useUi.getState().listCommand?.seq ?? 0);
  useEffect(() => {
    if (command === null || command.seq === handled.current) return;
    handled.current = command.seq;
    if (command.kind === 'delete' && command.messageId === openId) remove(shownTarget(command.messageId), false);
    if (command.kind === 'leave-search' && searching) clearSearch();
  });

  const onKeyDown = (index: number, event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || ((event.ctrlKey || event.metaKey) && event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    const target = moveTarget(event.key, index, count, Math.max(1, Math.floor(height / rowHeight) - 1));
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
          const at = entry.kind === 'message' ? indexOfThread(entry.thread.threadId, index) : index;
          toggleThread(entry.thread.threadId);
          if (at !== index) moveTo(at, false);
        }
        break;
      case 'Delete':
      case 'Backspace':
        event.preventDefault();
        remove(cur, true);
        break;
      case 'm':
        event.preventDefault();
        openPicker(cur, 'move');
        break;
      case 'a':
        event.preventDefault();
        archive(cur, true);
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
        if (searching) {
          event.preventDefault();
          clearSearch();
        }
        break;
    }
  };

  function toggleThread(threadId: string) {
    setExpanded((e) => {
      const next = new Set(e);
      if (next.has(threadId)) next.delete(threadId);
      else next.add(threadId);
      return next;
    });
  }
  /** The conversation's own row, at or above `from`. */
  function indexOfThread(threadId: string, from: number): number {
    for (let i = from; i >= 0; i--) {
      const e = list.entryAt(i);
      if (e?.kind === 'thread' && e.thread.threadId === threadId) return i;
    }
    return from;
  }

  const rows = [];
  const tabStop = selection.cursor ?? 0;
  for (let i = first; i < Math.min(count, last + 1); i++) {
    const row = list.rowAt(i);
    rows.push(
      <MessageRow
        // Keyed by position: a placeholder becomes its row in place, keeping focus.
        key={i}
        index={i}
        count={count}
        row={row}
        selected={
          // A conversation's row also by place: a split leaves its messages' ids pinned in two rows.
          selection.ids && row
            ? selection.ids.has(row.id) && (list.entryAt(i)?.kind !== 'thread' || selection.indexes.has(i))
            : selection.indexes.has(i) || (selection.cursor === null && row !== undefined && row.id === openId)
        }
        tabStop={i === tabStop}
        showRecipient={folder.folder === 'sent' || folder.folder === 'drafts' || folder.folder === 'outbox'}
        height={rowHeight}
        compact={density === 'compact'}
        entry={list.entryAt(i)}
        folder={folder.folder}
        folderName={(f) => folderTitle(null, f, 1, folderData.folders)}
        onToggleThread={toggleThread}
        onClick={onClick}
        onKeyDown={onKeyDown}
        onDragStart={onDragStart}
        onDragEnd={endMessageDrag}
        onContextMenu={onContextMenu}
      />,
    );
  }

  return (
    <section className="pane list-pane" aria-labelledby="list-title" id="message-list" tabIndex={-1}>
      <header className="pane-header">
        <h1 id="list-title" className="pane-title">
          {title}
        </h1>
        <span className="pane-subtitle" aria-live="polite">
          {conversations ? conversationsText(list.conversations) : list.count === undefined || searching ? '' : `${count.toLocaleString()} message${count === 1 ? '' : 's'}`}
        </span>
        <FetchArea accountIds={shownAccounts.map((a) => a.id)} />
      </header>
      <SearchBar
        settings={searchSettings}
        folderName={folderName}
        recent={recent}
        inputRef={search}
        onChange={setSearchSettings}
        onCommit={rememberSearch}
        onClear={clearSearch}
      />
      {searching && list.count !== undefined && list.count > 0 ? (
        <p className="search-count" aria-live="polite">
          {`${count.toLocaleString()} message${count === 1 ? ' matches' : 's match'} ${searchSettings.everywhere ? 'in all folders' : `in ${folderName}`}`}
          {answer?.ok && answer.capped ? ` (the phrase was checked in the newest ${PHRASE_CHECKS.toLocaleString()} messages with its words)` : ''}
        </p>
      ) : null}
      {searchError ? (
        <p className="search-error" role="alert">
          {searchError}
        </p>
      ) : null}
      <ListToolbar
        folder={folder.folder}
        accountIds={shownAccounts.map((a) => a.id)}
        hasSelection={target !== null}
        sort={sort}
        threads={threads}
        onThreads={setThreads}
        showSort={!searching}
        onSort={setSort}
        onToggleRead={() => target && void actions.toggleRead(target)}
        onToggleStar={() => target && void actions.toggleStar(target)}
        onDelete={() => remove(target, false)}
        onRestore={() => target && void takeOut(target, actions.restore, false).catch(say)}
        onMove={() => openPicker(target, 'move')}
        onArchive={() => archive(target, false)}
        onEmptyTrash={() => setConfirm({ kind: 'empty', n: count, target: null })}
        onExport={() => {
          if (!target) return;
          setExportShown(true);
          void actions.resolve(target).then((ids) => exportSelection.start(() => getBridge().call('exportMail', { scope: { kind: 'messages', ids }, format: 'mboxrd' })));
        }}
      />
      {exportShown ? <OwnMailStatus error={exportSelection.error} /> : null}
      {filing?.kind === 'picker' ? (
        <MovePicker
          title={`${filing.mode === 'move' ? 'Move' : 'Copy'} ${countText(sizeOf(filing.target))} to…`}
          targets={pickerTargets(shownAccounts, folderData.folders, filing.mode === 'move' ? folder.folder : 'outbox')}
          onClose={() => setFiling(null)}
          onChoose={(to) => {
            setFiling(null);
            void file(filing.target, to, filing.mode, true);
          }}
        />
      ) : filing?.kind === 'menu' ? (
        <ContextMenu
          label={`${sizeOf(filing.target)} selected`}
          x={filing.x}
          y={filing.y}
          onClose={() => setFiling(null)}
          items={[
            { label: 'Move to…', shortcut: 'M', run: () => openPicker(filing.target, 'move') },
            { label: 'Copy to…', run: () => openPicker(filing.target, 'copy') },
            ...(folder.folder === 'trash' ? [] : [{ label: 'Archive', shortcut: 'A', run: () => archive(filing.target, false) }]),
            { label: folder.folder === 'trash' ? 'Delete for good' : 'Delete', shortcut: 'Del', run: () => remove(filing.target, false) },
          ]}
        />
      ) : null}
      {confirm ? (
        <ConfirmOrNothing
          confirm={confirm}
          onCancel={() => setConfirm(null)}
          onConfirm={async () => {
            setConfirm(null);
            if (confirm.kind === 'delete' && confirm.target) {
              await takeOut(confirm.target, actions.deleteForever, false);
              return;
            }
            await actions.emptyTrash();
            selectMessage(null);
            setSelection(EMPTY_SELECTION);
          }}
        />
      ) : null}
      <div className="fetch-statuses">
        {shownAccounts.map((a) => (
          <AccountFetchStatus key={a.id} account={a} />
        ))}
        {shownAccounts.map((a) => (
          <UndownloadedNotice key={`undownloaded-${a.id}`} account={a} />
        ))}
      </div>
      {searchError !== null ? null : list.count === 0 ? (
        <p className="list-empty">
          {searching ? `No messages ${searchSettings.everywhere ? 'in any folder' : `in ${folderName}`} match “${query}”.` : `There are no messages in ${title}.`}
        </p>
      ) : (
        <div ref={scroller} className="message-scroller" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
          <div role="listbox" aria-label={`Messages in ${searching && searchSettings.everywhere ? 'all folders' : folderName}`} aria-multiselectable="true" className="message-list" style={{ height: count * rowHeight }}>
            {rows}
          </div>
        </div>
      )}
    </section>
  );
}

/** The conversation list's count: exact once the whole folder was read, else how many so far. */
function conversationsText(c: { readonly n: number; readonly complete: boolean } | undefined): string {
  if (!c || (c.n === 0 && !c.complete)) return '';
  return `${c.n.toLocaleString()}${c.complete ? '' : '+'} conversation${c.n === 1 && c.complete ? '' : 's'}${c.complete ? '' : ' so far'}`;
}

function ConfirmOrNothing({ confirm, onConfirm, onCancel }: { confirm: { kind: 'delete' | 'empty'; n: number }; onConfirm(): Promise<void>; onCancel(): void }) {
  const what = `${confirm.n.toLocaleString()} message${confirm.n === 1 ? '' : 's'}`;
  return (
    <ConfirmBar
      question={confirm.kind === 'empty' ? `Delete all ${what} in Trash for good? This cannot be undone.` : `Delete ${what} for good? This cannot be undone.`}
      confirmLabel="Delete for good"
      onConfirm={() => void onConfirm()}
      onCancel={onCancel}
    />
  );
}
