import type { ReactNode } from 'react';

/** One choice among a few, as radio buttons in the surrounding fieldset. */
export function RadioChoices<T extends string>({ name, value, choices, disabled, onChange }: {
  readonly name: string;
  readonly value: T | undefined;
  readonly choices: ReadonlyArray<{ readonly value: T; readonly label: ReactNode }>;
  readonly disabled?: boolean;
  onChange(value: T): void;
}) {
  return choices.map((c) => (
    <label key={c.value} className="radio">
      <input type="radio" name={name} value={c.value} checked={value === c.value} disabled={disabled} onChange={() => onChange(c.value)} />
      {c.label}
    </label>
  ));
}
