import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../../data/db';

/** How many messages of an account are stored on this computer (for the removal confirmation). */
export function useMessageCount(accountId: string): number | undefined {
  return useLiveQuery(() => getDb().messages.where('accountId').equals(accountId).count(), [accountId]);
}
