/**
 * "Download the whole message" for a copy stored headers-only: main fetches it by UIDL, reads it
 * whole where it arrived and stores it through the store worker, exactly like a fetched batch
 * (replacing the partial copy, POP state 'stored'); the reader's live query then shows it.
 */
import { fail, type Result } from '../../../../shared/ipc/result';
import { getBridge } from '../../bridge/bridge';
import { accountsRepo } from '../../data/accounts-repo';
import { getDb } from '../../data/db';
import type { MessageRow } from '../../data/rows';
import { toFetchAccount } from '../fetch/controller';

export async function downloadWhole(meta: MessageRow): Promise<Result<void>> {
  const account = await accountsRepo(getDb()).get(meta.accountId);
  if (!account) return fail('ENOTFOUND', 'The account this message came from no longer exists.');
  if (meta.uidl === null) return fail('EUNSUPPORTED', 'This message cannot be found on the server again (it has no POP3 id).');
  return getBridge().call('fetchWholeMessage', { account: toFetchAccount(account), uidl: meta.uidl, localId: meta.id });
}
