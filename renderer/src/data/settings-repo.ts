import type { HeronDb } from './db';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** What navigator.storage.persist() answered, kept for the settings page. */
export interface StoragePersistence {
  readonly state: 'granted' | 'denied' | 'unsupported';
  readonly checkedAt: number;
}

/** Every setting, with its type and default: one place, so a typo is a compile error. */
export interface Settings {
  theme: ThemeChoice;
  storagePersistence: StoragePersistence | null;
  /** Remote images are blocked until allowed; these senders are allowed. */
  remoteContentAllowedFrom: readonly string[];
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  theme: 'system',
  storagePersistence: null,
  remoteContentAllowedFrom: [],
};

export type SettingKey = keyof Settings;

export function settingsRepo(db: HeronDb) {
  return {
    async get<K extends SettingKey>(key: K): Promise<Settings[K]> {
      const row = await db.settings.get(key);
      return row === undefined ? DEFAULT_SETTINGS[key] : (row.value as Settings[K]);
    },
    async set<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
      await db.settings.put({ key, value });
    },
  };
}

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return value === 'system' || value === 'light' || value === 'dark';
}
