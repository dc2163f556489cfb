import type { HeronDb } from './db';
import { DEFAULT_SORT, type ListSort } from './message-list-repo';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** How tall the message list's rows are: three lines with a preview, or two lines for more rows at once. */
export type ListDensity = 'comfortable' | 'compact';

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
  /** Desktop notifications when new mail arrives (main shows them; the renderer tells it with setPreferences). */
  notifyNewMail: boolean;
  /** The account a new message is sent from and that comes first in the sidebar; null = the first one. */
  defaultAccountId: string | null;
  /**
   * The message size limit each outgoing server last announced (EHLO SIZE; null: none), by server
   * (features/compose/capabilities.ts), so compose can still warn while that server is out of reach.
   */
  smtpSizeLimits: Readonly<Record<string, { readonly size: number | null; readonly learnedAt: number }>>;
  /** The message list's order, as last chosen (every folder shows it). */
  listSort: ListSort;
  listDensity: ListDensity;
  /** How long Send holds a message in the Outbox so that Undo can take it back (5–60 s). */
  undoSendSeconds: number;
  /** Days a message stays in Trash before it is deleted for good (as if the person had); null: until Trash is emptied. */
  trashKeepDays: number | null;
  /** Archiving files a message under its year (Archive/2024) instead of one Archive folder. */
  archiveByYear: boolean;
  /** The message list shows conversations. */
  listThreads: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  theme: 'system',
  storagePersistence: null,
  remoteContentAllowedFrom: [],
  notifyNewMail: true,
  defaultAccountId: null,
  smtpSizeLimits: {},
  listSort: DEFAULT_SORT,
  listDensity: 'comfortable',
  undoSendSeconds: 10,
  trashKeepDays: 30,
  archiveByYear: false,
  listThreads: false,
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

export function isListDensity(value: unknown): value is ListDensity {
  return value === 'comfortable' || value === 'compact';
}

export function isListSort(value: unknown): value is ListSort {
  if (typeof value !== 'object' || value === null) return false;
  const { key, dir } = value as Record<string, unknown>;
  return (key === 'date' || key === 'from' || key === 'subject') && (dir === 'asc' || dir === 'desc');
}

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return value === 'system' || value === 'light' || value === 'dark';
}

/**
 * Accounts in the order the window shows them: the default account first, the rest in their
 * stored order. An unknown or missing default (e.g. that account was removed) changes nothing.
 */
export function defaultFirst<A extends { readonly id: string }>(accounts: readonly A[], defaultId: string | null | undefined): A[] {
  const chosen = accounts.find((a) => a.id === defaultId);
  return chosen ? [chosen, ...accounts.filter((a) => a !== chosen)] : [...accounts];
}

/** A Trash retention the settings page may store: whole days from 1 to ten years, or null (until emptied). */
export function isTrashKeepDays(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 3650);
}
