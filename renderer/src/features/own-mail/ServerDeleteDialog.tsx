import { useEffect, useRef } from 'react';
import '../accounts/accounts.css';

/**
 * Asked before "Delete from server now" deletes messages that are not here (only their headers,
 * or not downloaded at all): once the server deletes them, nothing of their content is left
 * anywhere Heron can reach. A modal dialog; Esc and "Cancel" delete nothing.
 */
export function ServerDeleteDialog({ notHere, here, onDeleteAll, onDeleteHere, onCancel }: {
  /** Subjects (or ids) of the selected messages that are not here. */
  readonly notHere: readonly string[];
  /** How many selected messages are here (deleted without more). */
  readonly here: number;
  readonly onDeleteAll: () => void;
  readonly onDeleteHere: () => void;
  readonly onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    cancel.current?.focus();
  }, []);
  const n = notHere.length;
  const them = n === 1 ? 'it' : 'them';
  return (
    <dialog
      ref={dialog}
      className="leave-dialog server-dialog"
      role="alertdialog"
      aria-labelledby="server-delete-title"
      aria-describedby="server-delete-text"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="server-delete-title">
        Delete {n === 1 ? 'a message' : `${n} messages`} that {n === 1 ? 'is' : 'are'} not here?
      </h2>
      <p id="server-delete-text">
        Heron has no copy of {n === 1 ? 'this message’s' : 'these messages’'} content: only the server has {them}. If you delete {them} from the server, {n === 1 ? 'it is' : 'they are'} gone for good.
      </p>
      <ul className="server-dialog-list">
        {notHere.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button button-danger" onClick={onDeleteAll}>
          Delete for good from the server
        </button>
        {here > 0 ? (
          <button type="button" className="button" onClick={onDeleteHere}>
            Delete only the {here} here
          </button>
        ) : null}
        <button type="button" className="button button-quiet" ref={cancel} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
