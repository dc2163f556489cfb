import { useEffect, useRef } from 'react';

/** An inline question with a default-safe focus (Cancel), for destructive actions. */
export function ConfirmBar({ question, confirmLabel, onConfirm, onCancel }: { question: string; confirmLabel: string; onConfirm(): void; onCancel(): void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="confirm-bar" role="alertdialog" aria-label={question}>
      <span>{question}</span>
      <button type="button" className="button button-danger" onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" className="button" ref={cancel} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
