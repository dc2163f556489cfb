/**
 * Deleting messages for good: their rows, bodies, parts, bytes and rule log go in one transaction, and their
 * POP state says 'deleted-here', so the next Get mail deletes the server's copy where the
 * account's retention says so (pop-store.ts, electron/core/fetch/plan.ts).
 */
import type { HeronDb } from './db';
import { DEFAULT_SORT, folderCollection } from './message-list-repo';
import { changePopEntries } from './pop-store';
import { deleteRaws } from './raw-store';

/**
 * The POP state of these messages says the person deleted them. Call before their rows go: the
 * rows say whose entries to look through (any id without a row: every account's).
 */
async function markDeletedHere(db: HeronDb, localIds: readonly string[]): Promise<void> {
  const rows = await db.messages.bulkGet([...localIds]);
  const accounts = rows.every((r) => r !== undefined) ? [...new Set(rows.map((r) => r.accountId))] : null;
  await changePopEntries(db, accounts, localIds, (e) => (e.status === 'stored' || e.status === 'headers-only' ? { ...e, status: 'deleted-here' } : e));
}

/** Deletes these messages for good, with everything stored for them. */
export async function deleteForever(db: HeronDb, ids: readonly string[]): Promise<void> {
  await db.transaction('rw', [db.messages, db.bodies, db.rawChunks, db.attachments, db.popChunks, db.ruleLog], async () => {
    await markDeletedHere(db, ids);
    await db.attachments.where('messageId').anyOf([...ids]).delete();
    await db.ruleLog.where('messageId').anyOf([...ids]).delete();
    await db.bodies.bulkDelete([...ids]);
    await deleteRaws(db, ids);
    await db.messages.bulkDelete([...ids]);
  });
}

/** Every message in Trash (of one account, or all), deleted for good. Returns how many. */
export async function emptyTrash(db: HeronDb, accountId: string | null): Promise<number> {
  const ids = await folderCollection(db, { accountId, folder: 'trash' }, DEFAULT_SORT).primaryKeys();
  await deleteForever(db, ids);
  return ids.length;
}
