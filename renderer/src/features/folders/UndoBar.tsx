import { useEffect } from 'react';
import { useUndo } from '../../state/undo-store';
import { undoLast } from '../shell/undo';
import './folders.css';

const SHOWN_MS = 12_000;

/**
 * Says what was just done to the mail, with Undo (Ctrl+Z does the same while the bar is gone:
 * the last step stays undoable until the next one), or why it could not be done.
 */
export function UndoBar() {
  const last = useUndo((s) => s.last);
  const notice = useUndo((s) => s.notice);
  const shown = notice ?? (last ? { text: `${last.label}.`, error: false, seq: last.seq } : null);
  const [hidden, setHidden] = useHidden(shown?.seq ?? 0, notice?.error ? null : SHOWN_MS);
  if (!shown || hidden) return null;
  return (
    <div className={`undo-bar${shown.error ? ' error' : ''}`} role={shown.error ? 'alert' : 'status'}>
      <span>{shown.text}</span>
      {last && !notice ? (
        <button type="button" className="button" onClick={() => void undoLast()} title="Undo (Ctrl+Z)">
          Undo
        </button>
      ) : null}
      <button type="button" className="button button-quiet" aria-label="Dismiss" onClick={() => setHidden(true)}>
        ✕
      </button>
    </div>
  );
}

/** Hidden after `ms` (null: until dismissed), shown again for each new `seq`. */
function useHidden(seq: number, ms: number | null): [boolean, (h: boolean) => void] {
  const hiddenSeq = useUndo((s) => s.hiddenSeq);
  const hide = useUndo((s) => s.hide);
  useEffect(() => {
    if (ms === null || seq === 0) return;
    const timer = setTimeout(() => hide(seq), ms);
    return () => clearTimeout(timer);
  }, [seq, ms, hide]);
  return [hiddenSeq === seq, (h) => h && hide(seq)];
}
