import { useEffect } from 'react';
import { useSetting } from '../../data/hooks';
import { isThemeChoice } from '../../data/settings-repo';

/**
 * Applies the theme override stored in Dexie. 'system' removes the attribute so the
 * `prefers-color-scheme` rules in theme.css decide, live, as the OS changes.
 */
export function useThemeEffect(): void {
  const choice = useSetting('theme');
  useEffect(() => {
    const root = document.documentElement;
    if (isThemeChoice(choice) && choice !== 'system') root.dataset.theme = choice;
    else delete root.dataset.theme;
  }, [choice]);
}
