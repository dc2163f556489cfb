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
  // Outside Junk both are offered, as Thunderbird's "Mark as junk / as not junk": the filter
  // learns good mail only from the person saying so.
  return (
    <div className="junk-actions" role="group" aria-label="Junk">
      {meta.folder === 'junk' ? null : (
        <button type="button" className="button" aria-pressed={meta.junk?.trained === 'junk'} onClick={() => run(() => markJunk([meta.id]))}>
          Junk
        </button>
      )}
      <button type="button" className="button" aria-pressed={!isJunk && meta.junk?.trained === 'good'} onClick={() => run(() => markNotJunk([meta.id]))}>
        Not junk
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </div>
  );
}
