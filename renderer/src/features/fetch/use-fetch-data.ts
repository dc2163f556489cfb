/** What the fetch views read and change in the store, over the app's one database. */
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../data/db';
import { leftOnServer } from '../../data/fetch-store';
import { organize } from '../../data/store/organize-client';
import { getMail } from './runtime';

/** An account's messages that stay on the server because they could not be downloaded; undefined while loading. */
export function useLeftOnServer(accountId: string): Awaited<ReturnType<typeof leftOnServer>> | undefined {
  return useLiveQuery(() => leftOnServer(getDb(), accountId), [accountId]);
}

/** Gives those messages their attempts back and gets the account's mail. */
export async function tryUndownloadedAgain(accountId: string): Promise<void> {
  await organize({ op: 'retry-undownloaded', accountId });
  getMail([accountId]);
}
