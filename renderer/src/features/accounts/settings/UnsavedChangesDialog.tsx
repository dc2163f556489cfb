import { useEffect, useRef } from 'react';

/**
 * Asked when the person leaves account settings with changes not saved: save them, discard them,
 * or stay. A modal dialog, so nothing else can be clicked meanwhile; Esc means "Keep editing".
 */
export function UnsavedChangesDialog({ address, busy, onSave, onDiscard, onStay }: {
  readonly address: string;
  /** Saving (and testing a changed connection first) is under way. */
  readonly busy: boolean;
  readonly onSave: () => void;
  readonly onDiscard: () => void;
  readonly onStay: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const save = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    save.current?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="leave-dialog"
      role="alertdialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-text"
      onCancel={(e) => {
        e.preventDefault();
        onStay();
      }}
    >
      <h2 id="leave-title">Save the changes to {address}?</h2>
      <p id="leave-text">You changed this account’s settings and have not saved them. If you leave now without saving, the changes are lost.</p>
      {busy ? <p role="status">Saving…</p> : null}
      <div className="button-row">
        <button type="button" className="button button-primary" ref={save} onClick={onSave} disabled={busy}>
          Save changes
        </button>
        <button type="button" className="button" onClick={onDiscard} disabled={busy}>
          Discard changes
        </button>
        <button type="button" className="button button-quiet" onClick={onStay} disabled={busy}>
          Keep editing
        </button>
      </div>
    </dialog>
  );
}
