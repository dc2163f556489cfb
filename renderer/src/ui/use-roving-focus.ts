import { useCallback, useRef, useState, type KeyboardEvent } from 'react';

/**
 * Roving tabindex (WAI-ARIA APG): a list is one Tab stop, landing on the selected item (or the
 * one last focused); arrows, Home and End move within it. `onMove` runs when focus moves by
 * keyboard, so a list can select as it goes (the message list) or not (folders: Enter selects).
 */
export function useRovingFocus(count: number, selectedIndex: number, onMove?: (index: number) => void) {
  const items = useRef<(HTMLElement | null)[]>([]);
  const [focused, setFocused] = useState<number | null>(null);
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  const stop = clamp(focused ?? (selectedIndex >= 0 ? selectedIndex : 0));

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>, index: number) => {
      const keys: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: count - 1 };
      const target = keys[event.key];
      if (target === undefined || count === 0) return;
      event.preventDefault();
      const next = Math.max(0, Math.min(count - 1, target));
      items.current[next]?.focus();
      onMove?.(next);
    },
    [count, onMove],
  );

  const itemProps = (index: number) => ({
    ref: (el: HTMLElement | null) => {
      items.current[index] = el;
    },
    tabIndex: index === stop ? 0 : -1,
    onFocus: () => setFocused(index),
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => onKeyDown(event, index),
  });

  return { itemProps };
}
