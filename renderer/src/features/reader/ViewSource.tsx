import { useEffect, useState } from 'react';
import { readRaw } from './use-reader-data';

const CAP = 256 * 1024;

/** The message exactly as stored, as text (UTF-8, invalid bytes shown as �), capped until asked. */
export function ViewSource({ id }: { id: string }) {
  const [bytes, setBytes] = useState<Uint8Array | null | undefined>(undefined);
  const [all, setAll] = useState(false);
  useEffect(() => {
    let live = true;
    void readRaw(id).then((b) => live && setBytes(b));
    return () => {
      live = false;
    };
  }, [id]);
  if (bytes === undefined) return <p>Loading the source…</p>;
  if (bytes === null) return <p>The original bytes of this message are not stored.</p>;
  const shown = all ? bytes : bytes.subarray(0, CAP);
  return (
    <div className="view-source">
      <pre aria-label="Message source">{new TextDecoder('utf-8').decode(shown)}</pre>
      {!all && bytes.byteLength > CAP ? (
        <button type="button" className="button" onClick={() => setAll(true)}>
          Show all ({Math.round(bytes.byteLength / 1024)} KB)
        </button>
      ) : null}
    </div>
  );
}
