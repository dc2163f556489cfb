import { useCallback, useEffect, useRef, useState } from 'react';
import { useMessage } from '../../data/hooks';
import { useUi } from '../../state/ui-store';
import { describeError } from '../../ui/errors';
import { usePartialNote } from '../fetch/partial-note';
import { formatAddressFull } from '../inbox/format';
import { AttachmentList } from './AttachmentList';
import { downloadWhole } from './download-whole';
import { MessageFrame } from './MessageFrame';
import { RemoteContentBar } from './RemoteContentBar';
import { SenderLine } from './SenderLine';
import { allowRemoteFrom, markRead, useAttachments, useEnsureBody, useRemoteAllowList } from './use-reader-data';
import { ViewSource } from './ViewSource';
import './reader.css';

/** Reading a message marks it read after a moment, so arrowing past it does not. */
const MARK_READ_MS = 1500;

/** The right pane: the selected message's headers, body (sandboxed), attachments and source. */
export function Reader() {
  const id = useUi((s) => s.messageId);
  const message = useMessage(id);
  const attachments = useAttachments(id);
  const allowList = useRemoteAllowList();
  const [allowedHere, setAllowedHere] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<{ n: number; hosts: readonly string[] }>({ n: 0, hosts: [] });
  const [source, setSource] = useState(false);
  const [whole, setWhole] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const meta = message?.meta;
  useEnsureBody(meta, message?.body);
  const partial = usePartialNote(meta);

  useEffect(() => {
    setSource(false);
    setWhole({ busy: false, error: null });
    setBlocked({ n: 0, hosts: [] });
  }, [id]);

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

  if (!message || !meta) {
    return (
      <section className="pane reader-pane" aria-label="Message" id="reader-pane" tabIndex={-1}>
        <p className="reader-empty">{id && message === null ? 'This message is no longer here.' : 'Select a message to read it.'}</p>
      </section>
    );
  }
  const { body } = message;
  const sender = meta.from?.address.toLowerCase() ?? null;
  const allowRemote = allowedHere === meta.id || (sender !== null && (allowList ?? []).includes(sender));

  return (
    <section className="pane reader-pane" aria-labelledby="reader-subject" id="reader-pane" tabIndex={-1}>
      <article className="reader">
        <header className="reader-header">
          <h2 id="reader-subject" className="reader-subject">
            {meta.subject || '(no subject)'}
          </h2>
          <dl className="reader-fields">
            <dt>From</dt>
            <dd>{meta.from ? <SenderLine from={meta.from} /> : '(no sender)'}</dd>
            {meta.to.length ? (
              <>
                <dt>To</dt>
                <dd>{meta.to.map(formatAddressFull).join(', ')}</dd>
              </>
            ) : null}
            {meta.cc.length ? (
              <>
                <dt>Cc</dt>
                <dd>{meta.cc.map(formatAddressFull).join(', ')}</dd>
              </>
            ) : null}
            <dt>Date</dt>
            <dd>
              <time dateTime={new Date(meta.date).toISOString()}>
                {new Date(meta.date).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' })}
              </time>
            </dd>
          </dl>
          <div className="reader-tools">
            <button type="button" className="button button-quiet" aria-pressed={source} onClick={() => setSource((s) => !s)}>
              {source ? 'Show message' : 'View source'}
            </button>
          </div>
        </header>
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
            <RemoteContentBar
              blocked={allowRemote ? 0 : blocked.n}
              hosts={blocked.hosts}
              sender={meta.from?.address ?? null}
              onAllowMessage={() => setAllowedHere(meta.id)}
              onAllowSender={() => meta.from && void allowRemoteFrom(meta.from.address)}
            />
            {body ? (
              <MessageFrame html={body.html} text={body.text ?? (body.html === null ? 'This message has no text.' : null)} attachments={attachments ?? []} allowRemote={allowRemote} onBlocked={onBlocked} />
            ) : (
              <p className="reader-text">Loading…</p>
            )}
            <AttachmentList attachments={attachments ?? []} />
          </>
        )}
      </article>
    </section>
  );
}
