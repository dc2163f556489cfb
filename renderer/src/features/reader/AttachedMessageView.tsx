import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentRow } from '../../data/rows';
import { AttachmentList } from './AttachmentList';
import { MessageFields } from './MessageFields';
import { MessageFrame } from './MessageFrame';
import { RemoteContentBar } from './RemoteContentBar';
import type { AttachedMessage } from './use-reader-data';

interface Props {
  readonly message: AttachedMessage;
  /** The subject of the message it came attached to, for the way back. */
  readonly parentSubject: string;
  onBack(): void;
  onOpenMessage(a: AttachmentRow): void;
}

/**
 * A message that came attached to another, read-only, as the reader shows mail: its headers, its
 * body in the same sandboxed frame (remote content blocked until allowed), its own attachments
 * (an attached message inside opens the same way), and a way back to the message it came in.
 */
export function AttachedMessageView({ message, parentSubject, onBack, onOpenMessage }: Props) {
  const { headers, body } = message;
  const [allowRemote, setAllowRemote] = useState(false);
  const [blocked, setBlocked] = useState<{ n: number; hosts: readonly string[] }>({ n: 0, hosts: [] });
  const onBlocked = useCallback((n: number, hosts: readonly string[]) => setBlocked({ n, hosts }), []);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), [message.key]);
  const parent = parentSubject || '(no subject)';

  return (
    <article className="reader attached-message" aria-labelledby="attached-subject">
      <p className="attached-note">
        <span>Attached to “{parent}”</span>
        <button ref={back} type="button" className="button" onClick={onBack}>
          Back to “{parent}”
        </button>
      </p>
      <header className="reader-header">
        <h2 id="attached-subject" className="reader-subject">
          {headers.subject || '(no subject)'}
        </h2>
        <MessageFields from={headers.from} to={headers.to} cc={headers.cc} date={headers.date} />
      </header>
      {body.warnings.length ? (
        <ul className="reader-warnings" aria-label="Problems reading this message">
          {body.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <AttachmentList attachments={message.attachments} onOpenMessage={onOpenMessage} />
      <RemoteContentBar blocked={blocked.n} allowed={allowRemote} hosts={blocked.hosts} sender={null} onAllowMessage={() => setAllowRemote(true)} onAllowSender={() => undefined} />
      <MessageFrame
        html={body.html}
        text={body.text ?? (body.html === null ? 'This message has no text.' : null)}
        attachments={message.attachments}
        allowRemote={allowRemote}
        onBlocked={onBlocked}
      />
    </article>
  );
}
