import type { KeyboardEvent, MouseEvent } from 'react';
import type { MessageRow as Row } from '../../data/rows';
import { formatAddress, formatListDate, formatSize } from './format';

export const ROW_HEIGHT = 76;

interface Props {
  readonly index: number;
  readonly count: number;
  readonly row: Row | undefined;
  readonly selected: boolean;
  readonly tabStop: boolean;
  /** Sent, Drafts and Outbox show who it went to. */
  readonly showRecipient: boolean;
  onClick(index: number, event: MouseEvent<HTMLDivElement>): void;
  onKeyDown(index: number, event: KeyboardEvent<HTMLDivElement>): void;
}

/** One fixed-height row of the virtualized list (a placeholder until its data arrives). */
export function MessageRow({ index, count, row, selected, tabStop, showRecipient, onClick, onKeyDown }: Props) {
  const style = { top: index * ROW_HEIGHT, height: ROW_HEIGHT };
  if (!row) {
    return <div role="option" aria-selected={selected} aria-posinset={index + 1} aria-setsize={count} aria-busy="true" className="message-row placeholder" style={style} data-index={index} tabIndex={tabStop ? 0 : -1} />;
  }
  const who = showRecipient ? (row.to[0] ?? null) : row.from;
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
      className={`message-row${row.unread ? ' unread' : ''}${row.starred ? ' starred' : ''}`}
      style={style}
      onClick={(e) => onClick(index, e)}
      onKeyDown={(e) => onKeyDown(index, e)}
    >
      <span className="row-from">{formatAddress(who)}</span>
      <span className="row-meta">
        {row.starred ? (
          <span className="row-star" title="Starred">
            ★<span className="visually-hidden"> Starred.</span>
          </span>
        ) : null}
        {row.hasAttachments ? (
          <span className="row-attachment" title="Has attachments">
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
              <path d="M10.5 4.5 5.6 9.4a1.4 1.4 0 0 0 2 2l5.2-5.2a2.8 2.8 0 0 0-4-4L3.5 7.5a4.2 4.2 0 0 0 6 6l4-4" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
            </svg>
            <span className="visually-hidden"> Has attachments.</span>
          </span>
        ) : null}
        <time className="row-date" dateTime={new Date(row.date).toISOString()}>
          {formatListDate(row.date)}
        </time>
      </span>
      <span className="row-subject">
        {row.unread ? <span className="visually-hidden">Unread. </span> : null}
        {row.subject || '(no subject)'}
      </span>
      <span className="row-size">{row.partial ? `${formatSize(row.size)}, headers only` : formatSize(row.size)}</span>
      <span className="row-snippet">{row.snippet}</span>
    </div>
  );
}
