import { useCallback, useMemo, useState } from 'react';
import { getDb } from '../../data/db';
import { useMessages } from '../../data/hooks';
import { messagesRepo } from '../../data/messages-repo';
import { useUi } from '../../state/ui-store';
import { useRovingFocus } from '../../ui/use-roving-focus';
import { folderTitle } from '../shell/folders';
import { formatAddress, formatListDate } from './format';
import './message-list.css';

const PAGE = 100;

/** The middle pane: one folder's messages, newest first; arrows move and open. */
export function MessageList({ accountCount }: { accountCount: number }) {
  const folder = useUi((s) => s.folder);
  const selectedId = useUi((s) => s.messageId);
  const selectMessage = useUi((s) => s.selectMessage);
  const [limit, setLimit] = useState(PAGE);
  const page = useMessages(folder, limit);
  const rows = useMemo(() => page?.rows ?? [], [page]);
  const title = folderTitle(folder.accountId, folder.folder, accountCount);

  const open = useCallback(
    (id: string) => {
      selectMessage(id);
      void messagesRepo(getDb()).setUnread([id], false);
    },
    [selectMessage],
  );
  const onMove = useCallback(
    (index: number) => {
      const row = rows[index];
      if (row) open(row.id);
    },
    [rows, open],
  );
  const selectedIndex = rows.findIndex((r) => r.id === selectedId);
  const { itemProps } = useRovingFocus(rows.length, selectedIndex, onMove);

  return (
    <section className="pane list-pane" aria-labelledby="list-title" id="message-list" tabIndex={-1}>
      <header className="pane-header">
        <h1 id="list-title" className="pane-title">
          {title}
        </h1>
        <span className="pane-subtitle">{page ? `${rows.length}${page.hasMore ? '+' : ''} messages` : ''}</span>
      </header>
      {page && rows.length === 0 ? (
        <p className="list-empty">There are no messages in {title}.</p>
      ) : (
        <div role="listbox" aria-label={`Messages in ${title}`} className="message-list">
          {rows.map((row, i) => (
            <div
              key={row.id}
              role="option"
              aria-selected={row.id === selectedId}
              className={`message-row${row.unread ? ' unread' : ''}`}
              onClick={() => open(row.id)}
              {...itemProps(i)}
            >
              <span className="row-from">{formatAddress(folder.folder === 'sent' ? (row.to[0] ?? null) : row.from)}</span>
              <time className="row-date" dateTime={new Date(row.date).toISOString()}>
                {formatListDate(row.date)}
              </time>
              <span className="row-subject">
                {row.unread ? <span className="visually-hidden">Unread. </span> : null}
                {row.subject || '(no subject)'}
              </span>
              <span className="row-snippet">{row.snippet}</span>
            </div>
          ))}
        </div>
      )}
      {page?.hasMore ? (
        <button type="button" className="button button-quiet load-more" onClick={() => setLimit((n) => n + PAGE)}>
          Show older messages
        </button>
      ) : null}
    </section>
  );
}
