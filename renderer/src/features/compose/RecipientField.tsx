/**
 * One recipient line (To, Cc or Bcc): address chips, typed or pasted text split on commas and
 * semicolons, suggestions from the address book (↑/↓ to choose, Enter or Tab to take one),
 * Backspace on an empty input removes the last chip. Invalid chips stay, marked, with the reason.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { Address } from '../../../../shared/model/message';
import type { ContactSuggestion } from '../../data/contacts-repo';
import { addressError, nameHidesAddress, parseRecipients } from './addresses';
import { searchContacts } from './use-compose-data';

interface Props {
  readonly label: string;
  readonly value: readonly Address[];
  readonly onChange: (next: Address[]) => void;
  readonly smtpUtf8: boolean;
  readonly autoFocus?: boolean;
}

export function RecipientField({ label, value, onChange, smtpUtf8, autoFocus = false }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [suggestions, setSuggestions] = useState<ContactSuggestion[]>([]);
  const [active, setActive] = useState(0);

  useEffect(() => {
    let live = true;
    const q = text.trim();
    if (q.length < 1) {
      setSuggestions([]);
      return;
    }
    void searchContacts(q, 8).then((found) => {
      if (!live) return;
      const taken = new Set(value.map((a) => a.address.toLowerCase()));
      setSuggestions(found.filter((s) => !taken.has(s.address)));
      setActive(0);
    });
    return () => {
      live = false;
    };
  }, [text, value]);

  const commit = (raw: string) => {
    const chips = parseRecipients(raw, { smtpUtf8 });
    if (chips.length) onChange([...value, ...chips.map(({ name, address }) => ({ name, address }))]);
    setText('');
  };

  const take = (s: ContactSuggestion) => {
    onChange([...value, { name: s.name, address: s.address }]);
    setText('');
    setSuggestions([]);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const open = suggestions.length > 0;
    if (open && e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, suggestions.length - 1));
    } else if (open && e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (open && (e.key === 'Enter' || e.key === 'Tab') && suggestions[active]) {
      e.preventDefault();
      take(suggestions[active]);
    } else if (e.key === 'Enter' || e.key === ',' || e.key === ';') {
      if (text.trim()) {
        e.preventDefault();
        commit(text);
      }
    } else if (open && e.key === 'Escape') {
      // Esc closes the suggestions only, not the message.
      e.stopPropagation();
      setSuggestions([]);
    } else if (e.key === 'Backspace' && text === '' && value.length) {
      onChange(value.slice(0, -1));
    }
  };

  const listId = `${id}-list`;
  return (
    <div className="recipient-field">
      <label htmlFor={id} className="compose-label">
        {label}
      </label>
      <ul className="chips" aria-label={`${label} recipients`}>
        {value.map((a, i) => {
          const error = addressError(a.address, { smtpUtf8 });
          const hides = nameHidesAddress(a);
          const shown = a.name && !hides ? a.name : a.name ? `${a.name} <${a.address}>` : a.address;
          return (
            <li key={`${a.address}-${i}`} className={`chip${error ? ' chip-invalid' : ''}${hides ? ' chip-warning' : ''}`} title={error ?? (hides ? `The name hides the real address: ${a.address}` : a.address)}>
              <span>{shown}</span>
              {a.name && !hides ? <span className="chip-address"> {a.address}</span> : null}
              {error ? <span className="visually-hidden"> (invalid: {error})</span> : null}
              {hides ? <span className="visually-hidden"> (the name hides the real address {a.address})</span> : null}
              <button type="button" className="chip-remove" aria-label={`Remove ${a.address}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <input
        id={id}
        className="recipient-input"
        autoFocus={autoFocus}
        value={text}
        role="combobox"
        aria-expanded={suggestions.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={suggestions.length ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          const v = e.target.value;
          // A paste or a typed separator: everything before the last separator becomes chips.
          const cut = Math.max(v.lastIndexOf(','), v.lastIndexOf(';'), v.lastIndexOf('\n'));
          if (cut >= 0 && (v.match(/"/g)?.length ?? 0) % 2 === 0) {
            commit(v.slice(0, cut));
            setText(v.slice(cut + 1).trimStart());
          } else setText(v);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (text.trim()) commit(text);
        }}
      />
      {suggestions.length ? (
        <ul id={listId} role="listbox" className="suggestions" aria-label={`Suggestions for ${label}`}>
          {suggestions.map((s, i) => (
            <li
              key={s.address}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                take(s);
              }}
            >
              {s.name ? `${s.name} <${s.address}>` : s.address}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
