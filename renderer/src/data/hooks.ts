/**
 * Feature hooks over the store: components read through `useLiveQuery`, so a write anywhere
 * (a fetch storing mail, a settings change) re-renders what shows it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { AccountRow, MessageRow } from './rows';
import { getDb } from './db';
import { accountsRepo } from './accounts-repo';
import { messagesRepo, type UnreadCounts } from './messages-repo';
import { defaultFirst, settingsRepo, type SettingKey, type Settings } from './settings-repo';
import type { MessageBody } from '../../../shared/model/message';

/** undefined while loading. The default account comes first (sidebar, new message's From). */
export function useAccounts(): AccountRow[] | undefined {
  return useLiveQuery(async () => {
    const db = getDb();
    const [accounts, defaultId] = await Promise.all([accountsRepo(db).list(), settingsRepo(db).get('defaultAccountId')]);
    return defaultFirst(accounts, defaultId);
  }, []);
}

export function useMessage(id: string | null): { meta: MessageRow; body: MessageBody | undefined } | null | undefined {
  return useLiveQuery(() => (id === null ? Promise.resolve(null) : messagesRepo(getDb()).withBody(id)), [id]);
}

export function useUnreadCounts(accountIds: readonly string[]): UnreadCounts | undefined {
  const key = accountIds.join('\u0000');
  return useLiveQuery(() => messagesRepo(getDb()).unreadCounts(key ? key.split('\u0000') : []), [key]);
}

export function useSetting<K extends SettingKey>(key: K): Settings[K] | undefined {
  return useLiveQuery(() => settingsRepo(getDb()).get(key), [key]);
}

/** Stores a setting; every `useSetting(key)` shows it. */
export function saveSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  return settingsRepo(getDb()).set(key, value);
}
