/**
 * The reader as a conversation: the messages of the shown message's conversation in date order,
 * the shown one open where it falls (the reader's own view of it) and the others as one-line
 * cards that open on a click; "Split here" and "Merge with…" keep the person's own grouping.
 */
import { useEffect, useRef, useState } from 'react';
import type { MessageRow } from '../../data/rows';
import { shortName, type ThreadSummary } from '../../data/thread-list-repo';
import { log } from '../../log/logger';
import { useUi } from '../../state/ui-store';
import { formatListDate } from '../inbox/format';
import { useFolderData } from '../folders/use-folders';
import { folderTitle } from '../shell/folders';
import { mergeConversations, splitConversation, useConversationsIn } from './use-conversation-data';

/** Messages of the conversation before or after the one shown, as cards (nothing when there are none). */
export function ConversationCards({ label, rows }: { label: string; rows: readonly MessageRow[] }) {
  const { folders } = useFolderData();
  if (rows.length === 0) return null;
  return (
    <div className="conversation-cards" aria-label={label} role="group">
      {rows.map((r) => (
        <ConversationCard key={r.id} row={r} folderName={folderTitle(null, r.folder, 1, folders)} />
      ))}
    </div>
  );
}

/** One message of the conversation, closed: who, when, the first words. */
function ConversationCard({ row, folderName }: { row: MessageRow; folderName: string }) {
  const selectMessage = useUi((s) => s.selectMessage);
  return (
    <button type="button" className={`conversation-card${row.unread ? ' unread' : ''}`} data-id={row.id} onClick={() => selectMessage(row.id)}>
      <span className="conversation-card-from">{shortName(row)}</span>
      {row.folder !== 'inbox' ? <span className="row-folder">{folderName}</span> : null}
      <time className="conversation-card-date" dateTime={new Date(row.date).toISOString()}>
        {formatListDate(row.date)}
      </time>
      <span className="conversation-card-snippet">{row.snippet || row.subject}</span>
    </button>
  );
}

/** How many messages, and how many come after the one shown (their cards are below it). */
function countText(conversation: readonly MessageRow[], shown: string): string {
  if (conversation.length < 2) return ''; // a message on its own needs no words; Merge with… stays
  const later = conversation.length - 1 - conversation.findIndex((r) => r.id === shown);
  return `${conversation.length} messages in this conversation${later > 0 && later < conversation.length ? ` · ${later} later below` : ''}`;
}

/** Above the conversation: how many messages, and the person's split and merge. */
export function ConversationTools({ meta, conversation }: { meta: MessageRow; conversation: readonly MessageRow[] }) {
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = conversation[0];
  const run = (what: string, work: Promise<unknown>) => {
    setError(null);
    work.catch((e: unknown) => {
      log.warn(`Could not ${what}`, e);
      setError(`Heron could not ${what}. Nothing was changed.`);
    });
  };
  return (
    <div className="conversation-tools" role="group" aria-label="Conversation tools">
      <span className="conversation-count">{countText(conversation, meta.id)}</span>
      {conversation.length > 1 && first && first.id !== meta.id ? (
        <button type="button" className="button button-quiet" onClick={() => run('split the conversation', splitConversation(meta.id))} title="This message and the answers to it become a conversation of their own">
          Split here
        </button>
      ) : null}
      <button type="button" className="button button-quiet" aria-expanded={picking} onClick={() => setPicking((p) => !p)}>
        Merge with…
      </button>
      {error ? <p role="alert">{error}</p> : null}
      {picking ? (
        <MergePicker
          meta={meta}
          onPick={(other) => {
            setPicking(false);
            run('merge the conversations', mergeConversations(meta.id, other.row.id));
          }}
          onCancel={() => setPicking(false)}
        />
      ) : null}
    </div>
  );
}

/** The conversations of the shown message's folder, newest first, narrowed by what is typed. */
function MergePicker({ meta, onPick, onCancel }: { meta: MessageRow; onPick(t: ThreadSummary): void; onCancel(): void }) {
  const [query, setQuery] = useState('');
  const { folders } = useFolderData();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const found = useConversationsIn(meta.folder, query, 21);
  const choices = (found?.threads ?? []).filter((t) => t.threadId !== meta.threadId).slice(0, 20);
  return (
    <div
      className="merge-picker"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <input ref={input} type="search" className="merge-search" placeholder="Find a conversation by subject or sender" aria-label="Find a conversation to merge with" value={query} onChange={(e) => setQuery(e.target.value)} />
      <ul aria-label="Conversations to merge with">
        {choices.map((t) => (
          <li key={t.threadId}>
            <button type="button" className="merge-choice" onClick={() => onPick(t)}>
              <span className="merge-choice-subject">{(t.messages[0] ?? t.row).subject || '(no subject)'}</span>
              <span className="merge-choice-who">
                {t.participants.join(', ')}
                {t.messages.length > 1 ? ` (${t.messages.length})` : ''}
              </span>
            </button>
          </li>
        ))}
        {found && choices.length === 0 ? <li className="merge-none">No other conversation in {folderTitle(null, meta.folder, 1, folders)} matches.</li> : null}
      </ul>
      <button type="button" className="button button-quiet" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
