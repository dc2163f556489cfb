/**
 * The POP state of every account (shared/model/pop-state.ts), kept a fetched batch to a row
 * (`popChunks`): a fetch's commit adds one row for its batch instead of one per message, because
 * each IndexedDB request is a round trip to the browser's storage backend.
 *
 * Entries are found through their account: planning reads an account's rows whole, and so does a
 * change to some of its entries (once per fetch or per deletion). An index on the entries' local
 * ids would cost every fetched message a write.
 */
import type { PopStateEntry } from '../../../shared/model/pop-state';
import type { HeronDb } from './db';
import type { PopChunkRow } from './rows';

/** The rows of these accounts (null: every account) holding any of these entries. */
async function rowsHolding(db: HeronDb, accountIds: readonly string[] | null, localIds: ReadonlySet<string>): Promise<PopChunkRow[]> {
  const rows = accountIds === null ? await db.popChunks.toArray() : await db.popChunks.where('accountId').anyOf([...accountIds]).toArray();
  return rows.filter((r) => r.entries.some((e) => localIds.has(e.localId)));
}

/** A message that stays on the server because it could not be downloaded (or only its headers were). */
export function isUndownloaded(e: PopStateEntry): boolean {
  return e.failure !== undefined && (e.status === 'failed' || e.status === 'headers-only');
}

function chunkOf(id: string, accountId: string, entries: readonly PopStateEntry[]): PopChunkRow {
  return { id, accountId, entries: [...entries], undownloaded: entries.some(isUndownloaded) ? 1 : 0 };
}

/**
 * Adds entries as one row. Call inside a read-write transaction naming `popChunks`; a localId
 * that already has an entry must be removed first (`changePopEntries` returning null).
 */
export async function addPopEntries(db: HeronDb, accountId: string, entries: readonly PopStateEntry[]): Promise<void> {
  if (entries.length > 0) await db.popChunks.add(chunkOf(crypto.randomUUID(), accountId, entries));
}

/** Every entry of one account (what main plans a fetch from). */
export async function popEntriesOf(db: HeronDb, accountId: string): Promise<PopStateEntry[]> {
  const rows = await db.popChunks.where('accountId').equals(accountId).toArray();
  return rows.flatMap((r) => r.entries);
}

/**
 * The account's messages left on the server undownloaded. Reads only the rows holding one (an
 * index), so the window can watch it while a fetch adds rows without reading them all each time.
 */
export async function undownloadedOf(db: HeronDb, accountId: string): Promise<PopStateEntry[]> {
  const rows = await db.popChunks.where('[accountId+undownloaded]').equals([accountId, 1]).toArray();
  return rows.flatMap((r) => r.entries.filter(isUndownloaded));
}

/**
 * Rewrites the entries of these local ids among these accounts' (null: every account's):
 * `change` returns the new entry, the same one to leave it, or null to forget it. A row left with
 * no entries is removed. Call inside a read-write transaction naming `popChunks` (or alone: it
 * then runs in its own).
 */
export async function changePopEntries(
  db: HeronDb,
  accountIds: readonly string[] | null,
  localIds: readonly string[],
  change: (entry: PopStateEntry) => PopStateEntry | null,
): Promise<void> {
  if (localIds.length === 0 || accountIds?.length === 0) return;
  await db.transaction('rw', db.popChunks, async () => {
    const wanted = new Set(localIds);
    for (const row of await rowsHolding(db, accountIds, wanted)) {
      let touched = false;
      const entries = row.entries.flatMap((e) => {
        if (!wanted.has(e.localId)) return [e];
        const next = change(e);
        if (next !== e) touched = true;
        return next ? [next] : [];
      });
      if (!touched) continue;
      if (entries.length === 0) await db.popChunks.delete(row.id);
      else await db.popChunks.put(chunkOf(row.id, row.accountId, entries));
    }
  });
}

/** Forgets every entry of an account (the account was removed here). */
export async function deletePopEntriesOf(db: HeronDb, accountId: string): Promise<void> {
  await db.popChunks.where('accountId').equals(accountId).delete();
}
