import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useAccounts } from '../../data/hooks';
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
import { useListActions } from './use-list-actions';
import { useListWindow } from './use-list-window';
import { useListPreferences } from './use-list-preferences';
import { preparingText, useSortOrder } from './use-sort-order';
import '../fetch/fetch.css';
import './message-list.css';

const OVERSCAN = 8;

/**
 * The middle pane: one folder (of one account or all), virtualized — fixed-height rows, only
 * the visible ones (plus overscan) rendered, read from the store by index as they scroll in.
 */
export function MessageList({ accountCount }: { accountCount: number }) {
  const accounts = useAccounts() ?? [];
  const folder = useUi((s) => s.folder);
  const openId = useUi((s) => s.messageId);
  const selectMessage = useUi((s) => s.selectMessage);
  const { sort, setSort, density, rowHeight } = useListPreferences();
  const [query, setQuery] = useState('');
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const scroller = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const wantFocus = useRef(false);
  const wantOpen = useRef(false);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.floor((scrollTop + height) / rowHeight) + OVERSCAN;
  const order = useSortOrder(sort);
  const list = useListWindow(folder, order.shown, query, first, last);
  const count = list.drawable;
  const actions = useListActions(folder, order.shown, list.filteredIds);
  // Exporting the selection: its progress and end show under the toolbar.
  const exportSelection = useOwnMailStart();
  const [exportShown, setExportShown] = useState(false);
  const title = folderTitle(folder.accountId, folder.folder, accountCount);
  const shownAccounts = folder.accountId === null ? accounts : accounts.filter((a) => a.id === folder.accountId);

  // A new folder, order or filter is a new list: the old indexes mean nothing there. The
  // message shown stays selected if its row is among the first loaded.
  const reselect = useRef(false);
  useEffect(() => {
    setSelection(EMPTY_SELECTION);
    reselect.current = true;
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [folder.accountId, folder.folder, order.shown.key, order.shown.dir, query]);

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
    for (let i = first; i < Math.min(count, last + 1); i++) if (list.rowAt(i)?.id === id) return i;
    return null;
  };

  // Opening follows the cursor once its row has loaded (End in a long folder loads it first),
  // never onto a row that is on its way out (a delete whose next row was not loaded yet).
  const leaving = useRef<ReadonlySet<string>>(new Set());
  const cursorRow = selection.cursor === null ? undefined : list.rowAt(selection.cursor);
  useEffect(() => {
    if (wantOpen.current && cursorRow && !leaving.current.has(cursorRow.id)) {
      wantOpen.current = false;
      selectMessage(cursorRow.id);
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
  useEffect(() => {
    if (!reselect.current || list.count === undefined || (count > 0 && !firstLoaded)) return;
    reselect.current = false;
    if (openId !== null && shownAt !== null) setSelection(only(shownAt, openId));
  }, [list.count, count, firstLoaded, openId, shownAt]);

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
    const next = pinIds(select(selection, index, extend ? 'extend' : 'single'), (i) => list.rowAt(i)?.id);
    setSelection(next);
    wantFocus.current = true;
    if (!extend) wantOpen.current = true;
    scrollIntoView(index);
  };

  const onClick = (index: number, event: MouseEvent<HTMLDivElement>) => {
    const gesture = event.shiftKey ? 'extend' : event.ctrlKey || event.metaKey ? 'toggle' : 'single';
    setSelection((s) => pinIds(select(s, index, gesture), (i) => list.rowAt(i)?.id));
    const row = list.rowAt(index);
    if (gesture === 'single' && row) selectMessage(row.id);
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
    const nextRow = next === null ? undefined : list.rowAt(next.before);
    leaving.current = new Set(await run(t));
    if (next !== null && nextRow !== undefined) {
      setSelection(only(next.after, nextRow.id));
      selectMessage(nextRow.id);
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

  const [confirm, setConfirm] = useState<{ kind: 'delete' | 'empty'; n: number; target: Selection | null } | null>(null);

  const remove = (t: Selection | null, focusList: boolean) => {
    if (t === null) return;
    const n = t.ids?.size ?? t.indexes.size;
    if (n === 0) return;
    if (folder.folder === 'trash') setConfirm({ kind: 'delete', n, target: t });
    else void takeOut(t, actions.trash, focusList);
  };

  // The reader's Delete key: the message it shows, whatever else is selected.
  const command = useUi((s) => s.listCommand);
  const handled = useRef(useUi.getState().listCommand?.seq ?? 0);
  useEffect(() => {
    if (command === null || command.seq === handled.current) return;
    handled.current = command.seq;
    if (command.kind === 'delete' && command.messageId === openId) remove(shownTarget(command.messageId), false);
  });

  const onKeyDown = (index: number, event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || ((event.ctrlKey || event.metaKey) && event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    const target = moveTarget(event.key, index, count, Math.max(1, Math.floor(height / rowHeight) - 1));
    if (target !== null) {
      event.preventDefault();
      moveTo(target, event.shiftKey);
      return;
    }
    const rowId = list.rowAt(index)?.id;
    const cur = selection.indexes.size > 0 ? selection : { indexes: new Set([index]), anchor: index, cursor: index, ids: rowId ? new Set([rowId]) : null };
    switch (event.key) {
      case 'Enter': {
        event.preventDefault();
        const row = list.rowAt(index);
        if (row) selectMessage(row.id);
        document.getElementById('reader-pane')?.focus();
        break;
      }
      case 'Delete':
      case 'Backspace':
        event.preventDefault();
        remove(cur, true);
        break;
      case 'u':
        event.preventDefault();
        void actions.toggleRead(cur);
        break;
      case 's':
        event.preventDefault();
        void actions.toggleStar(cur);
        break;
      case '/':
        event.preventDefault();
        search.current?.focus();
        break;
    }
  };

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
          selection.ids && row ? selection.ids.has(row.id) : selection.indexes.has(i) || (selection.cursor === null && row !== undefined && row.id === openId)
        }
        tabStop={i === tabStop}
        showRecipient={folder.folder === 'sent' || folder.folder === 'drafts' || folder.folder === 'outbox'}
        height={rowHeight}
        compact={density === 'compact'}
        onClick={onClick}
        onKeyDown={onKeyDown}
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
          {list.count === undefined ? '' : `${count.toLocaleString()} message${count === 1 ? '' : 's'}${query.trim() ? ' match' : ''}`}
        </span>
        <FetchArea accountIds={shownAccounts.map((a) => a.id)} />
      </header>
      <ListToolbar
        folder={folder.folder}
        accountIds={shownAccounts.map((a) => a.id)}
        hasSelection={target !== null}
        sort={sort}
        query={query}
        searchRef={search}
        onSort={setSort}
        onQuery={setQuery}
        onToggleRead={() => target && void actions.toggleRead(target)}
        onToggleStar={() => target && void actions.toggleStar(target)}
        onDelete={() => remove(target, false)}
        onRestore={() => target && void takeOut(target, actions.restore, false)}
        onEmptyTrash={() => setConfirm({ kind: 'empty', n: count, target: null })}
        onExport={() => {
          if (!target) return;
          setExportShown(true);
          void actions.resolve(target).then((ids) => exportSelection.start(() => getBridge().call('exportMail', { scope: { kind: 'messages', ids }, format: 'mboxrd' })));
        }}
      />
      {exportShown ? <OwnMailStatus error={exportSelection.error} /> : null}
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
      {order.preparing ? (
        <p className="list-notice" role="status">
          {order.error ?? preparingText(sort, order.preparing)}
          {order.error ? (
            <button type="button" className="button button-quiet" onClick={order.retry}>
              Try again
            </button>
          ) : null}
        </p>
      ) : null}
      <div className="fetch-statuses">
        {shownAccounts.map((a) => (
          <AccountFetchStatus key={a.id} account={a} />
        ))}
        {shownAccounts.map((a) => (
          <UndownloadedNotice key={`undownloaded-${a.id}`} account={a} />
        ))}
      </div>
      {list.count === 0 ? (
        <p className="list-empty">{query.trim() ? `No messages in ${title} match “${query.trim()}”.` : `There are no messages in ${title}.`}</p>
      ) : (
        <div ref={scroller} className="message-scroller" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
          <div role="listbox" aria-label={`Messages in ${title}`} aria-multiselectable="true" className="message-list" style={{ height: count * rowHeight }}>
            {rows}
          </div>
        </div>
      )}
    </section>
  );
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
