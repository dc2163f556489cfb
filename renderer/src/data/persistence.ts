import type { HeronDb } from './db';
import { settingsRepo, type StoragePersistence } from './settings-repo';

/**
 * Asks the browser not to evict Heron's store under storage pressure (offline mail is the only
 * copy once deleted from the server), and records the answer for the settings page.
 */
export async function requestPersistentStorage(db: HeronDb, storage: StorageManager | undefined): Promise<StoragePersistence> {
  let state: StoragePersistence['state'] = 'unsupported';
  if (storage && typeof storage.persist === 'function') {
    try {
      state = (await storage.persisted()) || (await storage.persist()) ? 'granted' : 'denied';
    } catch {
      state = 'denied';
    }
  }
  const answer: StoragePersistence = { state, checkedAt: Date.now() };
  await settingsRepo(db).set('storagePersistence', answer);
  return answer;
}
