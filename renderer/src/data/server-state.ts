/** What the POP state records of one account's server at its last check, for "What is on the server". */
import type { PopStateEntry } from '../../../shared/model/pop-state';
import type { HeronDb } from './db';
import { popEntriesOf } from './pop-store';
import type { PopStateRow } from './rows';

export async function serverStateOf(
  db: HeronDb,
  accountId: string,
): Promise<{ entries: PopStateEntry[]; row: PopStateRow | null; subjects: Map<string, string> }> {
  const [entries, row] = await Promise.all([popEntriesOf(db, accountId), db.popState.get(accountId)]);
  // The subject of each copy still here, to name the message; one deleted here has none.
  const copies = await db.messages.bulkGet(entries.map((e) => e.localId));
  const subjects = new Map(copies.flatMap((m) => (m ? [[m.id, m.subject] as const] : [])));
  return { entries: entries.sort((a, b) => a.downloadedAt - b.downloadedAt || a.uidl.localeCompare(b.uidl)), row: row ?? null, subjects };
}
