import { useEffect, useRef } from 'react';
import { menuKeyDown } from '../../ui/menu-keys';
import '../../ui/menu.css';

export interface MenuItem {
  readonly label: string;
  readonly shortcut?: string;
  run(): void;
}

/**
 * A context menu at the pointer (or the focused item): arrows move, Enter runs, Escape or a click
 * elsewhere closes it and gives focus back.
 */
export function ContextMenu({ label, x, y, items, onClose }: { label: string; x: number; y: number; items: readonly MenuItem[]; onClose(): void }) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [onClose]);
  // Kept inside the window: a menu opened near the bottom or right edge opens the other way.
  const left = Math.min(x, window.innerWidth - 220);
  const top = Math.min(y, window.innerHeight - items.length * 32 - 16);
  return (
    <div ref={menu} className="context-menu" role="menu" aria-label={label} style={{ left, top }} onKeyDown={(e) => menuKeyDown(e, menu.current, onClose)}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="context-menu-item"
          onClick={() => {
            onClose();
            item.run();
          }}
        >
          <span>{item.label}</span>
          {item.shortcut ? <kbd>{item.shortcut}</kbd> : null}
        </button>
      ))}
    </div>
  );
}
