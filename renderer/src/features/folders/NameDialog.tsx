import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

/** Asks for a folder's name (a new folder, a rename); shows why a name was refused and keeps it. */
export function NameDialog({ title, initial, confirmLabel, onSubmit, onClose }: { title: string; initial: string; confirmLabel: string; onSubmit(name: string): Promise<void>; onClose(): void }) {
  const id = useId();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    onSubmit(name).then(onClose, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form className="modal" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2 id={`${id}-title`} className="modal-title">
          {title}
        </h2>
        <label htmlFor={`${id}-name`}>Folder name</label>
        <input id={`${id}-name`} ref={input} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error !== null} aria-describedby={error ? `${id}-error` : undefined} />
        {error ? (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            {confirmLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
