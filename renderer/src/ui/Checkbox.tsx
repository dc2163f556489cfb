import type { ReactNode } from 'react';

/** A labelled checkbox: the label is its text, a click anywhere on it toggles. */
export function Checkbox({ checked, onChange, disabled, describedBy, className = 'checkbox', children }: {
  readonly checked: boolean;
  onChange(on: boolean): void;
  readonly disabled?: boolean;
  /** The id of a hint that says more. */
  readonly describedBy?: string;
  readonly className?: string;
  readonly children: ReactNode;
}) {
  return (
    <label className={className}>
      <input type="checkbox" checked={checked} disabled={disabled} aria-describedby={describedBy} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}
