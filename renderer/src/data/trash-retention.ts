/**
 * Trash keeps a message for the days the settings say (`trashKeepDays`), then deletes it for good
 * exactly as the person would (delete-forever.ts): its POP state says 'deleted-here', so an
 * account that deletes from the server what is deleted here does so at its next check.
 */
import { Dexie } from 'dexie';
import type { HeronDb } from './db';
import { deleteForever } from './delete-forever';
import { isTrashKeepDays, settingsRepo } from './settings-repo';

const DAY_MS = 86_400_000;

/** Deletes for good what has been in Trash longer than the setting allows. Answers how many. */
export async function purgeExpiredTrash(db: HeronDb, now: number): Promise<number> {
  const days = await settingsRepo(db).get('trashKeepDays');
  if (!isTrashKeepDays(days) || days === null) return 0;
  const before = now - days * DAY_MS;
  // A row without `trashedAt` has no known age: it stays until Trash is emptied.
  const ids = (await db.messages
    .where('[folder+date]')
    .between(['trash', Dexie.minKey], ['trash', Dexie.maxKey], true, true)
    .filter((r) => r.trashedAt !== undefined && r.trashedAt <= before)
    .primaryKeys()) as string[];
  if (ids.length > 0) await deleteForever(db, ids);
  return ids.length;
}
