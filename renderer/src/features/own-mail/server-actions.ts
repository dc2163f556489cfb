/** "Delete from server now" and "Download now": the ask goes on the POP state (in the store worker), then the account's Get mail does it. */
import type { AskResult } from '../../data/server-asks';
import { organize } from '../../data/store/organize-client';
import { getMail } from '../fetch/runtime';

export async function askAndCheck(accountId: string, localIds: readonly string[], action: 'delete' | 'download', confirmedGone = false): Promise<AskResult> {
  const result = await organize({ op: 'ask-server', accountId, localIds, action, confirmedGone });
  if (result.asked > 0) getMail([accountId]);
  return result;
}
