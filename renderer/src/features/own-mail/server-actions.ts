/** "Delete from server now" and "Download now": the ask goes on the POP state, then the account's Get mail does it. */
import { getDb } from '../../data/db';
import { askServer, type AskResult } from '../../data/server-asks';
import { getMail } from '../fetch/runtime';

export async function askAndCheck(accountId: string, localIds: readonly string[], action: 'delete' | 'download', confirmedGone = false): Promise<AskResult> {
  const result = await askServer(getDb(), accountId, localIds, action, { confirmedGone });
  if (result.asked > 0) getMail([accountId]);
  return result;
}
