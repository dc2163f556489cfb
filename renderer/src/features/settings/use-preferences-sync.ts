import { useEffect } from 'react';
import { getBridge } from '../../bridge/bridge';
import { useSetting } from '../../data/hooks';
import { log } from '../../log/logger';

/**
 * Tells main the preferences it acts on by itself (new-mail notifications are shown by main):
 * once the store has answered at start, and again on every change. Dexie stays the source of
 * truth; main only keeps a copy for as long as it runs.
 */
export function usePreferencesSync(): void {
  const notifyNewMail = useSetting('notifyNewMail');
  useEffect(() => {
    if (notifyNewMail === undefined) return;
    void getBridge()
      .call('setPreferences', { notifyNewMail })
      .then((r) => {
        // Main keeps its previous copy; the setting itself is stored, and the next start sends it again.
        if (!r.ok) log.warn('Heron could not pass the notification setting to its main process', r.error);
      });
  }, [notifyNewMail]);
}
