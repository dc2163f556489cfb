import type { KeyboardEvent } from 'react';

/** Every kind of menu item (WAI-ARIA): plain, checkbox and radio. */
export const MENU_ITEMS = '[role="menuitem"]:not([disabled]), [role="menuitemcheckbox"]:not([disabled]), [role="menuitemradio"]:not([disabled])';

/**
 * A menu's keys (WAI-ARIA APG menu): arrows move round its items, Home and End go to the ends,
 * Escape and Tab close it. Answers false for any other key, which the menu leaves alone.
 */
export function menuKeyDown(e: KeyboardEvent<HTMLElement>, menu: HTMLElement | null, close: () => void): boolean {
  const all = [...(menu?.querySelectorAll<HTMLElement>(MENU_ITEMS) ?? [])];
  const at = all.indexOf(document.activeElement as HTMLElement);
  const go = (i: number) => all[(i + all.length) % all.length]?.focus();
  if (e.key === 'ArrowDown') go(at + 1);
  else if (e.key === 'ArrowUp') go(at < 0 ? -1 : at - 1);
  else if (e.key === 'Home') go(0);
  else if (e.key === 'End') go(-1);
  else if (e.key === 'Escape' || e.key === 'Tab') close();
  else return false;
  e.preventDefault();
  return true;
}
