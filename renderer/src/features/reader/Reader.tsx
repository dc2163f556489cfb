import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useMessage } from '../../data/hooks';
import { useUi } from '../../state/ui-store';
import { describeError } from '../../ui/errors';
import { usePartialNote } from '../fetch/partial-note';
import { AttachedMessageView } from './AttachedMessageView';
import { AttachmentList } from './AttachmentList';
import { ConversationCards, ConversationTools } from './Conversation';
import { useConversation } from './use-conversation-data';
import { downloadWhole } from './download-whole';
import { MessageFields } from './MessageFields';
import { MessageFrame } from './MessageFrame';
import { readerKey } from './reader-keys';
import { RemoteContentBar } from './RemoteContentBar';
import type { AttachmentRow } from '../../data/rows';
import {
  allowRemoteFrom,
  markRead,
  readAttachedMessage,
  setStarred,
  setUnread,
  useAttachments,
  useRemoteAllowList,
  type AttachedMessage,
} from './use-reader-data';
import { ViewSource } from './ViewSource';
import { JunkNotice } from '../junk/JunkNotice';
import { useRuleLog } from '../junk/use-junk';
import { RuleLogView } from '../rules/RuleLogView';
import './reader.css';

/** Reading a message marks it read after a moment, so arrowing past it does not. */
const MARK_READ_MS = 1500;

/** Keys typed into a field are text, not commands. */
function isTyping(target: EventTarget): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** The right pane: the selected message's headers, body (sandboxed), attachments and source. */
export function Reader() {
  const id = useUi((s) => s.messageId);
  const highlight = useUi((s) => s.searchHighlight);
  const sendListCommand = useUi((s) => s.sendListCommand);
  const message = useMessage(id);
  const attachments = useAttachments(id);
  const allowList = useRemoteAllowList();
  const [allowedHere, setAllowedHere] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<{ n: number; hosts: readonly string[] }>({ n: 0, hosts: [] });
  const [source, setSource] = useState(false);
  const [whole, setWhole] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  // Attached messages opened from this one, innermost last; the reader shows the innermost.
  const [attached, setAttached] = useState<readonly AttachedMessage[]>([]);
  const [attachedError, setAttachedError] = useState<string | null>(null);
  const setViewingAttached = useUi((s) => s.setViewingAttached);
  const meta = message?.meta;
  const partial = usePartialNote(meta);
  const conversation = useConversation(meta);
  const ruleLog = useRuleLog(id);

  useEffect(() => {
    setSource(false);
    setWhole({ busy: false, error: null });
    setBlocked({ n: 0, hosts: [] });
    setAttached([]);
    setAttachedError(null);
  }, [id]);
  useEffect(() => {
    setViewingAttached(attached.length > 0);
    return () => setViewingAttached(false);
  }, [attached.length, setViewingAttached]);

  const openAttached = useCallback(async (a: AttachmentRow) => {
    setAttachedError(null);
    const result = await readAttachedMessage(a);
    if (result.ok) setAttached((stack) => [...stack, result.value]);
    else setAttachedError(result.error);
  }, []);

  // Once per opening: a message the person marks unread while reading it stays unread.
  const opening = useRef<{ id: string; unread: boolean } | null>(null);
  if (meta && opening.current?.id !== meta.id) opening.current = { id: meta.id, unread: meta.unread };
  const shouldMark = meta !== undefined && opening.current?.id === meta.id && opening.current.unread;
  useEffect(() => {
    if (id === null || !shouldMark) return;
    const timer = window.setTimeout(() => void markRead(id), MARK_READ_MS);
    return () => window.clearTimeout(timer);
  }, [id, shouldMark]);

  const onBlocked = useCallback((n: number, hosts: readonly string[]) => setBlocked({ n, hosts }), []);

  // The list's keys work here too, on the message shown: u (read/unread), s (star), Delete; Esc leaves a search.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // Only once the message selected is the one on screen (not the last one, still showing while it loads).
    if (!meta || meta.id !== id || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented || isTyping(event.target)) return;
    const inDialog = event.target instanceof Element && event.target.closest('dialog, [role="dialog"], [role="alertdialog"], [role="menu"]') !== null;
    const command = readerKey(event.key, inDialog);
    if (command === 'toggle-unread') {
      // Marked by hand: the mark-read timer of this opening no longer applies.
      opening.current = { id: meta.id, unread: false };
      void setUnread(meta.id, !meta.unread);
    } else if (command === 'toggle-star') void setStarred(meta.id, !meta.starred);
    else if (command === 'delete') sendListCommand('delete', meta.id);
    else if (command === 'leave-search') sendListCommand('leave-search', meta.id);
    else return;
    event.preventDefault();
  };

  if (!message || !meta) {
    return (
      <section className="pane reader-pane" aria-label="Message" id="reader-pane" tabIndex={-1}>
        <p className="reader-empty">{id && message === null ? 'This message is no longer here.' : 'Select a message to read it.'}</p>
      </section>
    );
  }
  const innermost = attached[attached.length - 1];
  if (innermost) {
    const outer = attached[attached.length - 2];
    return (
      <section className="pane reader-pane" aria-labelledby="attached-subject" id="reader-pane" tabIndex={-1}>
        <AttachedMessageView
          key={innermost.key}
          message={innermost}
          parentSubject={outer ? outer.headers.subject : meta.subject}
          onBack={() => setAttached((stack) => stack.slice(0, -1))}
          onOpenMessage={(a) => void openAttached(a)}
        />
      </section>
    );
  }
  const { body } = message;
  const sender = meta.from?.address.toLowerCase() ?? null;
  // In Junk nothing remote loads and no link leads anywhere, whatever was allowed.
  const inJunk = meta.folder === 'junk';
  const allowRemote = !inJunk && (allowedHere === meta.id || (sender !== null && (allowList ?? []).includes(sender)));
  // The conversation around the message shown: those before it above, those after it below.
  const at = conversation.findIndex((r) => r.id === meta.id);
  const before = at < 0 ? [] : conversation.slice(0, at);
  const after = at < 0 ? [] : conversation.slice(at + 1);

  return (
    <section className="pane reader-pane" aria-labelledby="reader-subject" id="reader-pane" tabIndex={-1} onKeyDown={onKeyDown}>
      <ConversationTools meta={meta} conversation={conversation} />
      <ConversationCards label="Earlier in this conversation" rows={before} />
      <article className="reader">
        <header className="reader-header">
          <h2 id="reader-subject" className="reader-subject">
            {meta.subject || '(no subject)'}
          </h2>
          <MessageFields from={meta.from} to={meta.to} cc={meta.cc} date={meta.date} />
          <div className="reader-tools">
            <button type="button" className="button button-quiet" aria-pressed={source} onClick={() => setSource((s) => !s)}>
              {source ? 'Show message' : 'View source'}
            </button>
          </div>
        </header>
        <JunkNotice meta={meta} log={ruleLog ?? []} />
        <RuleLogView log={ruleLog ?? []} />
        {body?.warnings.length ? (
          // A Sent copy's notes say who did not get it (outbox-repo.ts); any other message's, what its parse found.
          <ul className="reader-warnings" aria-label={meta.folder === 'sent' ? 'Delivery of this message' : 'Problems reading this message'}>
            {body.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
        {meta.partial && partial ? (
          <div className="reader-note">
            <p>{partial.text}</p>
            <button
              type="button"
              className="button"
              disabled={whole.busy}
              onClick={() => {
                setWhole({ busy: true, error: null });
                void downloadWhole(meta).then((r) => setWhole({ busy: false, error: r.ok ? null : `${describeError(r.error).title}: ${r.error.message}` }));
              }}
            >
              {whole.busy ? 'Downloading…' : partial.button}
            </button>
            {whole.error ? <p role="alert">{whole.error}</p> : null}
          </div>
        ) : null}
        {source ? (
          <ViewSource id={meta.id} />
        ) : (
          <>
            {/* Above the body, whose frame fills the pane: the files are in sight without scrolling. */}
            <AttachmentList attachments={attachments ?? []} onOpenMessage={(a) => void openAttached(a)} />
            {attachedError ? (
              <p className="reader-note" role="alert">
                {attachedError}
              </p>
            ) : null}
            <RemoteContentBar
              blocked={inJunk ? 0 : blocked.n}
              allowed={allowRemote}
              hosts={blocked.hosts}
              sender={meta.from?.address ?? null}
              onAllowMessage={() => setAllowedHere(meta.id)}
              onAllowSender={() => meta.from && void allowRemoteFrom(meta.from.address)}
            />
            {body ? (
              <MessageFrame html={body.html} text={body.text ?? (body.html === null ? noTextWords(meta.partial) : null)} attachments={attachments ?? []} allowRemote={allowRemote} linksDisabled={inJunk} highlight={highlight} onBlocked={onBlocked} />
            ) : (
              <p className="reader-text">Loading…</p>
            )}
          </>
        )}
      </article>
      <ConversationCards label="Later in this conversation" rows={after} />
    </section>
  );
}

/** What the body says when there is no text: a headers-only copy has its text on the server, not none. */
export function noTextWords(partial: boolean): string {
  return partial ? 'The text of this message is still on the server: only its headers were downloaded.' : 'This message has no text.';
}
