/** What the account views read and change, over the app's one database and bridge. */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Account } from '../../../../shared/model/account';
import { getBridge } from '../../bridge/bridge';
import { accountsRepo } from '../../data/accounts-repo';
import { getDb } from '../../data/db';
import { messagesRepo } from '../../data/messages-repo';
import { settingsRepo } from '../../data/settings-repo';
import { saveNewAccount, type NewAccountSecrets } from './save-account';

/** How many messages of an account are stored on this computer (for the removal confirmation). */
export function useMessageCount(accountId: string): number | undefined {
  return useLiveQuery(() => messagesRepo(getDb()).countByAccount(accountId), [accountId]);
}

/** A new account: its passwords to main first, then the row (save-account.ts). */
export function addAccount(account: Omit<Account, 'order'>, secrets: NewAccountSecrets): ReturnType<typeof saveNewAccount> {
  return saveNewAccount(getBridge(), getDb(), account, secrets);
}

export function updateAccount(account: Account): Promise<void> {
  return accountsRepo(getDb()).put(account);
}

/** The account and everything stored for it on this computer; a default that named it goes too. */
export async function removeStoredAccount(accountId: string): Promise<void> {
  const db = getDb();
  await accountsRepo(db).remove(accountId);
  // A default that no longer exists would be ignored, but it should not linger in the store.
  const settings = settingsRepo(db);
  if ((await settings.get('defaultAccountId')) === accountId) await settings.set('defaultAccountId', null);
}
