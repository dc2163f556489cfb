/**
 * "Download the whole message" for a copy stored headers-only: main fetches it by UIDL, the
 * renderer stores it exactly like a fetched batch (replacing the partial copy, POP state
 * 'stored'), then has it parsed.
 */
import { batchOf } from '../../../../shared/ipc/calls/fetch';
import { fail, type Result } from '../../../../shared/ipc/result';
import { getBridge } from '../../bridge/bridge';
import { accountsRepo } from '../../data/accounts-repo';
import { getDb } from '../../data/db';
import { commitFetchBatch, storeBodies } from '../../data/fetch-store';
import type { MessageRow } from '../../data/rows';
import { toFetchAccount } from '../fetch/controller';
import { classifyCommitError } from '../fetch/storage-error';

export async function downloadWhole(meta: MessageRow): Promise<Result<void>> {
  const db = getDb();
  const account = await accountsRepo(db).get(meta.accountId);
  if (!account) return fail('ENOTFOUND', 'The account this message came from no longer exists.');
  if (meta.uidl === null) return fail('EUNSUPPORTED', 'This message cannot be found on the server again (it has no POP3 id).');
  const bridge = getBridge();
  const fetched = await bridge.call('fetchWholeMessage', { account: toFetchAccount(account), uidl: meta.uidl, localId: meta.id });
  if (!fetched.ok) return fetched;
  try {
    // Parsed right here, not queued: the person is looking at it.
    await commitFetchBatch(db, batchOf({ fetchId: 'whole', accountId: meta.accountId, batchId: 0 }, [fetched.value]), Date.now(), { queueParse: false });
  } catch (error) {
    const f = classifyCommitError(error, 1);
    return fail(f.errorCode, f.errorMessage, { retryable: true });
  }
  const parsed = await bridge.call('parseStoredMessages', { items: [{ id: meta.id, raw: fetched.value.raw }] });
  if (parsed.ok) await storeBodies(db, parsed.value);
  return { ok: true, value: undefined };
}
