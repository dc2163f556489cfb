/**
 * "Download the whole message" for a copy stored headers-only: main fetches it by UIDL and reads
 * it whole where it arrived; the renderer stores it exactly like a fetched batch (replacing the
 * partial copy, POP state 'stored').
 */
import { fail, type Result } from '../../../../shared/ipc/result';
import { getBridge } from '../../bridge/bridge';
import { getDb } from '../../data/db';
import { commitFetched } from '../../data/fetch-store';
import type { MessageRow } from '../../data/rows';
import { toFetchAccount } from '../fetch/controller';
import { classifyCommitError } from '../fetch/storage-error';

export async function downloadWhole(meta: MessageRow): Promise<Result<void>> {
  const db = getDb();
  const account = await db.accounts.get(meta.accountId);
  if (!account) return fail('ENOTFOUND', 'The account this message came from no longer exists.');
  if (meta.uidl === null) return fail('EUNSUPPORTED', 'This message cannot be found on the server again (it has no POP3 id).');
  const fetched = await getBridge().call('fetchWholeMessage', { account: toFetchAccount(account), uidl: meta.uidl, localId: meta.id });
  if (!fetched.ok) return fetched;
  try {
    await commitFetched(db, meta.accountId, [fetched.value]);
  } catch (error) {
    const f = classifyCommitError(error, 1);
    return fail(f.errorCode, f.errorMessage, { retryable: true });
  }
  return { ok: true, value: undefined };
}
