/** Reply, Reply all, Forward (inline) and Forward as attachment for the message being read. */
import { useState } from 'react';
import type { SerializedError } from '../../../../shared/ipc/result';
import { getDb } from '../../data/db';
import { describeError } from '../../ui/errors';
import { useComposeUi } from './compose-store';
import { createForwardDraft, createReplyDraft } from './session';

export function MessageActions({ messageId }: { messageId: string }) {
  const openDraft = useComposeUi((s) => s.openDraft);
  const [error, setError] = useState<SerializedError | null>(null);
  const run = (make: () => Promise<{ id: string }>) => {
    setError(null);
    make().then(
      (d) => openDraft(d.id),
      (e: unknown) => setError(e as SerializedError),
    );
  };
  const db = getDb();
  return (
    <div className="message-actions" role="toolbar" aria-label="Message actions">
      <button type="button" className="button" onClick={() => run(() => createReplyDraft(db, messageId, 'reply'))}>
        Reply
      </button>
      <button type="button" className="button" onClick={() => run(() => createReplyDraft(db, messageId, 'reply-all'))}>
        Reply all
      </button>
      <button type="button" className="button" onClick={() => run(() => createForwardDraft(db, messageId, false))}>
        Forward
      </button>
      <button type="button" className="button" onClick={() => run(() => createForwardDraft(db, messageId, true))}>
        Forward as attachment
      </button>
      {error ? <span role="alert">{describeError(error).message}</span> : null}
    </div>
  );
}

/** "New message" for the first account (or the selected one). */
export { createNewDraft } from './session';
