import { useId } from 'react';

export interface SelectFieldProps<T extends string> {
  readonly label: string;
  readonly value: T;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly onValue: (value: T) => void;
  readonly error?: string | undefined;
  readonly field: string;
}

/** A labelled select whose error sits under it and is read with it. */
export function SelectField<T extends string>({ label, value, options, onValue, error, field }: SelectFieldProps<T>) {
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`form-field${error ? ' form-field-invalid' : ''}`}>
      <label htmlFor={`${id}-select`}>{label}</label>
      <select
        id={`${id}-select`}
        data-field={field}
        value={value}
        onChange={(e) => onValue(e.target.value as T)}
        aria-invalid={error ? true : undefined}
        aria-describedby={errorId}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={errorId} className="field-error" data-error-for={field}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
