import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  /** Shown next to the field, linked with aria-describedby, and marks it aria-invalid. */
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
  /** The key tests and focus management use to find the field (`data-field`). */
  readonly field: string;
}

/** A labelled text input whose error sits right under it and is read with it. */
export function Field({ label, value, onValue, error, hint, field, id, ...input }: FieldProps) {
  const auto = useId();
  const inputId = id ?? `${auto}-input`;
  const hintId = hint ? `${auto}-hint` : undefined;
  const errorId = error ? `${auto}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${error ? ' form-field-invalid' : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <input
        {...input}
        id={inputId}
        data-field={field}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error ? (
        <p id={errorId} className="field-error" data-error-for={field}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
