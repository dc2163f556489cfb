import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../../data/db';
import { messagesRepo } from '../../../data/messages-repo';

/** How many messages of an account are stored on this computer (for the removal confirmation). */
export function useMessageCount(accountId: string): number | undefined {
  return useLiveQuery(() => messagesRepo(getDb()).countByAccount(accountId), [accountId]);
}
