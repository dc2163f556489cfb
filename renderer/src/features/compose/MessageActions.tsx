/** Reply, Reply all, Forward (inline) and Forward as attachment for the message being read. */
import { useState } from 'react';
import { asSerializedError, type SerializedError } from '../../../../shared/ipc/result';
import { describeError } from '../../ui/errors';
import { useComposeUi } from './compose-store';
import { startForward, startReply } from './use-compose-data';

export function MessageActions({ messageId }: { messageId: string }) {
  const openDraft = useComposeUi((s) => s.openDraft);
  const [error, setError] = useState<SerializedError | null>(null);
  const run = (make: () => Promise<{ id: string }>) => {
    setError(null);
    make().then(
      (d) => openDraft(d.id),
      (e: unknown) => setError(asSerializedError(e)),
    );
  };
  return (
    <div className="message-actions" role="toolbar" aria-label="Message actions">
      <button type="button" className="button" onClick={() => run(() => startReply(messageId, 'reply'))}>
        Reply
      </button>
      <button type="button" className="button" onClick={() => run(() => startReply(messageId, 'reply-all'))}>
        Reply all
      </button>
      <button type="button" className="button" onClick={() => run(() => startForward(messageId, false))}>
        Forward
      </button>
      <button type="button" className="button" onClick={() => run(() => startForward(messageId, true))}>
        Forward as attachment
      </button>
      {error ? <span role="alert">{describeError(error).message}</span> : null}
    </div>
  );
}
