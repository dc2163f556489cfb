/** "Junk" / "Not junk" for the message being read: files it and teaches the filter. */
import { useState } from 'react';
import { useMessage } from '../../data/hooks';
import { markJunk, markNotJunk } from './use-junk';

export function JunkButton({ messageId }: { messageId: string }) {
  const message = useMessage(messageId);
  const [error, setError] = useState<string | null>(null);
  const meta = message?.meta;
  if (!meta || meta.folder === 'sent' || meta.folder === 'drafts' || meta.folder === 'outbox') return null;
  const isJunk = meta.folder === 'junk' || meta.junk?.trained === 'junk';
  const run = (act: () => Promise<void>) => {
    setError(null);
    act().catch((e: unknown) => setError(`The message could not be marked: ${e instanceof Error ? e.message : String(e)}`));
  };
  return (
    <div className="junk-actions" role="group" aria-label="Junk">
      {isJunk ? (
        <button type="button" className="button" onClick={() => run(() => markNotJunk([meta.id]))}>
          Not junk
        </button>
      ) : (
        <button type="button" className="button" onClick={() => run(() => markJunk([meta.id]))}>
          Junk
        </button>
      )}
      {error ? <span role="alert">{error}</span> : null}
    </div>
  );
}
