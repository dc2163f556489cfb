import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { MENU_ITEMS, menuKeyDown } from './menu-keys';
import './menu.css';

/** A menu's entry: a command, an on/off setting, or one of a group of choices. */
export type MenuEntry =
  | { readonly kind: 'command'; readonly label: string; readonly hint?: string; readonly disabled?: boolean; run(): void }
  | { readonly kind: 'check'; readonly label: string; readonly hint?: string; readonly checked: boolean; run(): void }
  | { readonly kind: 'choices'; readonly label: string; readonly options: ReadonlyArray<{ readonly label: string; readonly checked: boolean; run(): void }> };

interface Props {
  /** The button's accessible name. */
  readonly label: string;
  readonly children: ReactNode;
  readonly title?: string;
  readonly entries: readonly MenuEntry[];
}

/**
 * A button that opens a menu (WAI-ARIA APG menu button): Enter, Space or Down opens it on its first
 * item, Up on its last; arrows, Home and End move; Escape closes it and focus goes back to the
 * button, as it does after a choice.
 */
export function MenuButton({ label, children, title, entries }: Props) {
  const [open, setOpen] = useState<'first' | 'last' | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (open === null) return;
    const items = menu.current?.querySelectorAll<HTMLElement>(MENU_ITEMS);
    items?.[open === 'first' ? 0 : items.length - 1]?.focus();
    const away = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(null);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const close = () => {
    setOpen(null);
    button.current?.focus();
  };
  const run = (what: () => void) => {
    close();
    what();
  };
  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  return (
    <div className="menu-button">
      <button
        ref={button}
        type="button"
        className="button button-quiet"
        aria-label={label}
        title={title}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open === null ? undefined : id}
        onClick={() => setOpen(open === null ? 'first' : null)}
        onKeyDown={onButtonKey}
      >
        {children}
      </button>
      {open === null ? null : (
        <div ref={menu} id={id} className="context-menu menu-button-menu" role="menu" aria-label={label} onKeyDown={(e) => menuKeyDown(e, menu.current, close)}>
          {entries.map((entry) =>
            entry.kind === 'choices' ? (
              <div key={entry.label} role="group" aria-label={entry.label} className="menu-group">
                <div className="menu-group-label" aria-hidden="true">
                  {entry.label}
                </div>
                {entry.options.map((o) => (
                  <button key={o.label} type="button" role="menuitemradio" aria-checked={o.checked} tabIndex={-1} className="context-menu-item" onClick={() => run(o.run)}>
                    <span>{o.label}</span>
                    {o.checked ? <span aria-hidden="true">✓</span> : null}
                  </button>
                ))}
              </div>
            ) : (
              <button
                key={entry.label}
                type="button"
                role={entry.kind === 'check' ? 'menuitemcheckbox' : 'menuitem'}
                aria-checked={entry.kind === 'check' ? entry.checked : undefined}
                disabled={entry.kind === 'command' ? entry.disabled : undefined}
                tabIndex={-1}
                className="context-menu-item"
                onClick={() => run(entry.run)}
              >
                <span>{entry.label}</span>
                {entry.kind === 'check' && entry.checked ? <span aria-hidden="true">✓</span> : entry.hint ? <kbd>{entry.hint}</kbd> : null}
              </button>
            ),
          )}
        </div>
      )}
    </div>
  );
}
