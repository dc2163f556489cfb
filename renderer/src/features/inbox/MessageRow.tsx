import type { DragEvent, KeyboardEvent, MouseEvent } from 'react';
import type { FolderKey } from '../../../../shared/model/message';
import type { MessageRow as Row } from '../../data/rows';
import type { ListEntry } from './use-list-window';
import { checkSender } from '../reader/address-check';
import { formatSize } from '../../ui/format-size';
import { formatAddress, formatListDate } from './format';
import { isDraftDoc } from '../../data/search/draft-docs';

export const ROW_HEIGHT = 76;
/** Two lines (sender, subject), no preview: 60% more rows at once. */
export const COMPACT_ROW_HEIGHT = 46;

interface Props {
  readonly index: number;
  readonly count: number;
  readonly row: Row | undefined;
  readonly selected: boolean;
  readonly tabStop: boolean;
  /** Sent, Drafts and Outbox show who it went to. */
  readonly showRecipient: boolean;
  readonly height: number;
  readonly compact: boolean;
  /** In the conversation list: a conversation's row, or one of its messages. */
  readonly entry?: ListEntry | undefined;
  /** The folder shown (a conversation's message from another folder says which). */
  readonly folder?: FolderKey;
  /** A folder's name as the list shows it (the person's folders included). */
  folderName?(folder: FolderKey): string;
  onToggleThread?(threadId: string): void;
  onClick(index: number, event: MouseEvent<HTMLDivElement>): void;
  onKeyDown(index: number, event: KeyboardEvent<HTMLDivElement>): void;
  /** Dragging a row (or the selection it is in) onto the folder pane files it. */
  onDragStart?(index: number, event: DragEvent<HTMLDivElement>): void;
  onDragEnd?(): void;
  onContextMenu?(index: number, event: MouseEvent<HTMLDivElement>): void;
}

/** One fixed-height row of the virtualized list (a placeholder until its data arrives). */
export function MessageRow({ index, count, row, selected, tabStop, showRecipient, height, compact, entry, folder, folderName, onToggleThread, onClick, onKeyDown, onDragStart, onDragEnd, onContextMenu }: Props) {
  const style = { top: index * height, height };
  if (!row) {
    return <div role="option" aria-selected={selected} aria-posinset={index + 1} aria-setsize={count} aria-busy="true" className="message-row placeholder" style={style} data-index={index} tabIndex={tabStop ? 0 : -1} />;
  }
  if (entry?.kind === 'thread') return <ConversationRow {...{ index, count, selected, tabStop, height, compact, onClick, onKeyDown }} entry={entry} onToggle={() => onToggleThread?.(entry.thread.threadId)} />;
  const child = entry?.kind === 'message';
  // A draft among search results names whom it is for, and says it is a draft.
  const draft = isDraftDoc(row.id);
  const who = showRecipient || draft ? (row.to[0] ?? null) : row.from;
  return (
    <div
      role="option"
      id={`row-${row.id}`}
      data-index={index}
      data-id={row.id}
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={count}
      tabIndex={tabStop ? 0 : -1}
      className={`message-row${compact ? ' compact' : ''}${row.unread ? ' unread' : ''}${row.starred ? ' starred' : ''}${child ? ' thread-child' : ''}`}
      style={style}
      onClick={(e) => onClick(index, e)}
      onKeyDown={(e) => onKeyDown(index, e)}
      draggable={onDragStart !== undefined}
      onDragStart={onDragStart && ((e) => onDragStart(index, e))}
      onDragEnd={onDragEnd}
      onContextMenu={onContextMenu && ((e) => onContextMenu(index, e))}
    >
      {draft && who === null ? <span className="row-from">(no recipients yet)</span> : <RowFrom who={who} />}
      <span className="row-meta">
        {child && folder !== undefined && row.folder !== folder ? <span className="row-folder">{folderName?.(row.folder) ?? row.folder}</span> : null}
        {draft ? <span className="row-folder">Draft</span> : null}
        {row.starred ? <RowStar /> : null}
        {row.hasAttachments ? (
          <span className="row-attachment" title="Has attachments">
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
              <path d="M10.5 4.5 5.6 9.4a1.4 1.4 0 0 0 2 2l5.2-5.2a2.8 2.8 0 0 0-4-4L3.5 7.5a4.2 4.2 0 0 0 6 6l4-4" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
            </svg>
            <span className="visually-hidden"> Has attachments.</span>
          </span>
        ) : null}
        <RowDate date={row.date} />
      </span>
      <span className="row-subject">
        {row.unread ? <span className="visually-hidden">Unread. </span> : null}
        {row.subject || '(no subject)'}
      </span>
      <span className="row-size">{draft ? '' : row.partial ? `${formatSize(row.size)}, headers only` : formatSize(row.size)}</span>
      {compact ? null : <span className="row-snippet">{row.snippet}</span>}
    </div>
  );
}

/**
 * The sender (or recipient) as people name it. A display name that claims another address
 * ("service@bank.example" <promo@shop.example>) shows the real address with the reader's warning
 * (address-check.ts), so a spoof is as plain in the list as it is in the message.
 */
function RowFrom({ who }: { who: Row['from'] }) {
  const claimed = who ? checkSender(who).claimed : [];
  if (!who || claimed.length === 0) return <span className="row-from">{formatAddress(who)}</span>;
  const warning = `The name shows ${claimed.join(', ')}, but this message was sent from ${who.address}.`;
  return (
    <span className="row-from">
      <span className="row-spoof" title={warning}>
        <span aria-hidden="true">⚠ </span>
        <span className="visually-hidden">{warning} </span>
      </span>
      {who.address}
      <span className="row-claimed" aria-hidden="true">
        {' '}
        (name: {who.name.trim()})
      </span>
    </span>
  );
}

/** A conversation, collapsed or expanded: who took part, how many messages, how many unread, the latest date. */
function ConversationRow(p: {
  readonly index: number;
  readonly count: number;
  readonly selected: boolean;
  readonly tabStop: boolean;
  readonly height: number;
  readonly compact: boolean;
  readonly entry: Extract<ListEntry, { kind: 'thread' }>;
  onToggle(): void;
  onClick(index: number, event: MouseEvent<HTMLDivElement>): void;
  onKeyDown(index: number, event: KeyboardEvent<HTMLDivElement>): void;
}) {
  const { thread, expanded } = p.entry;
  const { row, messages, unread } = thread;
  const n = messages.length;
  const latest = messages[messages.length - 1] ?? row;
  const starred = messages.some((m) => m.starred);
  const state = n > 1 ? `Conversation of ${n} messages${unread > 0 ? `, ${unread} unread` : ''}, ${expanded ? 'expanded' : 'collapsed'}. ` : unread > 0 ? 'Unread. ' : '';
  return (
    <div
      role="option"
      id={`row-${row.id}`}
      data-index={p.index}
      data-id={row.id}
      data-thread={thread.threadId}
      aria-selected={p.selected}
      aria-posinset={p.index + 1}
      aria-setsize={p.count}
      tabIndex={p.tabStop ? 0 : -1}
      className={`message-row conversation-row${p.compact ? ' compact' : ''}${unread > 0 ? ' unread' : ''}${starred ? ' starred' : ''}`}
      style={{ top: p.index * p.height, height: p.height }}
      onClick={(e) => p.onClick(p.index, e)}
      onKeyDown={(e) => p.onKeyDown(p.index, e)}
    >
      <span className="row-from">
        {n > 1 ? (
          <span
            className="row-disclosure"
            aria-hidden="true"
            title={expanded ? 'Hide the messages (←)' : 'Show the messages (→)'}
            onClick={(e) => {
              e.stopPropagation();
              p.onToggle();
            }}
          >
            {expanded ? '▾' : '▸'}
          </span>
        ) : null}
        <span className="row-participants">{thread.participants.join(', ')}</span>
        {n > 1 ? <span className="row-count">{n}</span> : null}
      </span>
      <span className="row-meta">
        {unread > 0 && n > 1 ? <span className="row-unread-count">{unread} unread</span> : null}
        {starred ? <RowStar /> : null}
        <RowDate date={latest.date} />
      </span>
      <span className="row-subject">
        <span className="visually-hidden">{state}</span>
        {(messages[0] ?? row).subject || '(no subject)'}
      </span>
      {p.compact ? null : <span className="row-snippet">{latest.snippet}</span>}
    </div>
  );
}

function RowStar() {
  return (
    <span className="row-star" title="Starred">
      ★<span className="visually-hidden"> Starred.</span>
    </span>
  );
}

function RowDate({ date }: { date: number }) {
  return (
    <time className="row-date" dateTime={new Date(date).toISOString()}>
      {formatListDate(date)}
    </time>
  );
}
