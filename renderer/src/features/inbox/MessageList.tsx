import { useState, type MouseEvent } from 'react';
import { useAccounts } from '../../data/hooks';
import { PHRASE_CHECKS } from '../../data/search/run-search';
import { endMessageDrag } from '../folders/drag';
import { useFolderData } from '../folders/use-folders';
import { useUi } from '../../state/ui-store';
import { AccountFetchStatus } from '../fetch/AccountFetchStatus';
import { getBridge } from '../../bridge/bridge';
import { FetchArea } from '../fetch/FetchArea';
import { OwnMailStatus, useOwnMailStart } from '../own-mail/OwnMailStatus';
import { UndownloadedNotice } from '../fetch/UndownloadedNotice';
import { folderTitle } from '../shell/folders';
import { FilingOverlays } from './FilingOverlays';
import { ListToolbar } from './ListToolbar';
import { select } from './list-selection';
import { MessageRow } from './MessageRow';
import { conversationsText, useExpanded } from './use-conversations';
import { useFiling } from './use-filing';
import { countText, useListActions } from './use-list-actions';
import { useListCursor, useTrackHeight, useViewport } from './use-list-cursor';
import { useListKeys } from './use-list-keys';
import { useListPreferences } from './use-list-preferences';
import { useListSearch } from './use-list-search';
import { useListWindow } from './use-list-window';
import { useThreadWindow } from './use-thread-window';
import { SearchBar } from './SearchBar';
import { useReaderFollowsResults } from './use-reader-follows';
import '../fetch/fetch.css';
import './message-list.css';

/**
 * The middle pane: one folder (of one account or all), or a search's results, virtualized —
 * only the rows in view are rendered, read from the store by index as they scroll in.
 */
export function MessageList({ accountCount }: { accountCount: number }) {
  const accounts = useAccounts() ?? [];
  const folder = useUi((s) => s.folder);
  const { sort, setSort, density, rowHeight, threads, setThreads } = useListPreferences();
  const { expanded, toggleThread } = useExpanded();
  const search = useListSearch(folder);
  const { searching } = search;
  const viewport = useViewport(rowHeight);
  const { first, last } = viewport;

  // Search results are messages; the folder itself may be shown as conversations.
  const conversations = threads && !searching;
  // The reader shows only a message among the results (use-reader-follows.ts).
  const shownResults = useReaderFollowsResults(search.key, search.results);
  const flat = useListWindow(folder, sort, shownResults, first, last);
  const threaded = useThreadWindow(conversations, folder, sort, '', last, expanded);
  const list = conversations ? threaded : flat;
  const count = list.drawable;
  const actions = useListActions(folder, sort, list.filteredIds);
  const cursor = useListCursor(list, viewport, JSON.stringify([folder.accountId, folder.folder, sort.key, sort.dir, search.key, conversations]));
  const { selection, setSelection, openId, target } = cursor;
  useTrackHeight(viewport, count > 0);
  const filing = useFiling(folder.folder, list, actions, cursor, viewport);
  const onKeyDown = useListKeys({ list, viewport, cursor, filing, search, actions, toggleThread });

  // Exporting the selection: its progress and end show under the toolbar.
  const exportSelection = useOwnMailStart();
  const [exportShown, setExportShown] = useState(false);
  const folderData = useFolderData();
  const folderName = folderTitle(folder.accountId, folder.folder, accountCount, folderData.folders);
  const title = searching ? 'Search results' : folderName;
  const shownAccounts = folder.accountId === null ? accounts : accounts.filter((a) => a.id === folder.accountId);

  const onClick = (index: number, event: MouseEvent<HTMLDivElement>) => {
    const gesture = event.shiftKey ? 'extend' : event.ctrlKey || event.metaKey ? 'toggle' : 'single';
    setSelection((s) => cursor.pinned(select(s, index, gesture)));
    const opens = list.openIdAt(index);
    if (gesture === 'single' && opens !== undefined) {
      if (searching) search.remember();
      cursor.selectMessage(opens);
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
        onDragStart={filing.onDragStart}
        onDragEnd={endMessageDrag}
        onContextMenu={filing.onContextMenu}
      />,
    );
  }

  const { answer, settings } = search;
  return (
    <section className="pane list-pane" aria-labelledby="list-title" id="message-list" tabIndex={-1}>
      <header className="pane-header">
        <h1 id="list-title" className="pane-title">
          {title}
        </h1>
        <span className="pane-subtitle" aria-live="polite">
          {conversations ? conversationsText(list.conversations) : list.count === undefined || searching ? '' : countText(count)}
        </span>
        <FetchArea accountIds={shownAccounts.map((a) => a.id)} />
      </header>
      <SearchBar
        settings={settings}
        folderName={folderName}
        recent={search.recent}
        inputRef={search.inputRef}
        onChange={search.setSettings}
        onCommit={search.remember}
        onClear={search.clear}
      />
      {searching && list.count !== undefined && list.count > 0 ? (
        <p className="search-count" aria-live="polite">
          {`${count.toLocaleString()} message${count === 1 ? ' matches' : 's match'} ${settings.everywhere ? 'in all folders' : `in ${folderName}`}`}
          {answer?.ok && answer.capped ? ` (the phrase was checked in the newest ${PHRASE_CHECKS.toLocaleString()} messages with its words)` : ''}
        </p>
      ) : null}
      {search.error ? (
        <p className="search-error" role="alert">
          {search.error}
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
        onDelete={() => filing.remove(target, false)}
        onRestore={() => filing.restore(target)}
        onMove={() => filing.openPicker(target, 'move')}
        onArchive={() => filing.archive(target, false)}
        onEmptyTrash={() => filing.setConfirm({ kind: 'empty', n: count, target: null })}
        onExport={() => {
          if (!target) return;
          setExportShown(true);
          void actions.resolve(target).then((ids) => exportSelection.start(() => getBridge().call('exportMail', { scope: { kind: 'messages', ids }, format: 'mboxrd' })));
        }}
      />
      {exportShown ? <OwnMailStatus error={exportSelection.error} /> : null}
      <FilingOverlays filing={filing} folder={folder.folder} accounts={shownAccounts} folders={folderData.folders} />
      <div className="fetch-statuses">
        {shownAccounts.map((a) => (
          <AccountFetchStatus key={a.id} account={a} />
        ))}
        {shownAccounts.map((a) => (
          <UndownloadedNotice key={`undownloaded-${a.id}`} account={a} />
        ))}
      </div>
      {search.error !== null ? null : list.count === 0 ? (
        <p className="list-empty">
          {searching ? `No messages ${settings.everywhere ? 'in any folder' : `in ${folderName}`} match “${search.query}”.` : `There are no messages in ${title}.`}
        </p>
      ) : (
        <div ref={viewport.scroller} className="message-scroller" onScroll={(e) => viewport.setScrollTop(e.currentTarget.scrollTop)}>
          <div role="listbox" aria-label={`Messages in ${searching && settings.everywhere ? 'all folders' : folderName}`} aria-multiselectable="true" className="message-list" style={{ height: count * rowHeight }}>
            {rows}
          </div>
        </div>
      )}
    </section>
  );
}
