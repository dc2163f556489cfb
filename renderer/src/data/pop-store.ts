/**
 * The POP state of every account (shared/model/pop-state.ts), kept a fetched batch to a row
 * (`popChunks`): a fetch's commit adds one row for its batch instead of one per message, because
 * each IndexedDB request is a round trip to the browser's storage backend (docs/performance.md).
 *
 * Entries are found through their account, not through an index on their ids: every fetched
 * message would pay for such an index, while a change comes once per fetch or deletion and
 * reading an account's rows is one request.
 */
import type { PopStateEntry } from '../../../shared/model/pop-state';
import type { HeronDb } from './db';
import type { PopChunkRow } from './rows';

/** The rows of these accounts (null: every account) holding any of these entries. */
async function rowsHolding(db: HeronDb, accountIds: readonly string[] | null, localIds: ReadonlySet<string>): Promise<PopChunkRow[]> {
  const rows = accountIds === null ? await db.popChunks.toArray() : await db.popChunks.where('accountId').anyOf([...accountIds]).toArray();
  return rows.filter((r) => r.entries.some((e) => localIds.has(e.localId)));
}

function chunkOf(accountId: string, entries: readonly PopStateEntry[]): PopChunkRow {
  return { id: crypto.randomUUID(), accountId, entries: [...entries] };
}

/**
 * Adds entries as one row. Call inside a read-write transaction naming `popChunks`; a localId
 * that already has an entry must be removed first (`changePopEntries` returning null).
 */
export async function addPopEntries(db: HeronDb, accountId: string, entries: readonly PopStateEntry[]): Promise<void> {
  if (entries.length > 0) await db.popChunks.add(chunkOf(accountId, entries));
}

/** Every entry of one account (what main plans a fetch from). */
export async function popEntriesOf(db: HeronDb, accountId: string): Promise<PopStateEntry[]> {
  const rows = await db.popChunks.where('accountId').equals(accountId).toArray();
  return rows.flatMap((r) => r.entries);
}

/** The entries of these local ids (those that have one), in no particular order (tests, diagnostics: it reads every row). */
export async function popEntriesFor(db: HeronDb, localIds: readonly string[]): Promise<PopStateEntry[]> {
  const wanted = new Set(localIds);
  const rows = await rowsHolding(db, null, wanted);
  return rows.flatMap((r) => r.entries.filter((e) => wanted.has(e.localId)));
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
      else await db.popChunks.put({ id: row.id, accountId: row.accountId, entries });
    }
  });
}

/** Forgets every entry of an account (the account was removed here). */
export async function deletePopEntriesOf(db: HeronDb, accountId: string): Promise<void> {
  await db.popChunks.where('accountId').equals(accountId).delete();
}

/** Every entry of every account (tests, diagnostics). */
export async function allPopEntries(db: HeronDb): Promise<PopStateEntry[]> {
  return (await db.popChunks.toArray()).flatMap((r) => r.entries);
}

/** Rows for the schema upgrade that moves per-message entries into chunks. */
export function popChunksFrom(entries: readonly PopStateEntry[], perChunk = 1000): PopChunkRow[] {
  const byAccount = new Map<string, PopStateEntry[]>();
  for (const e of entries) {
    let list = byAccount.get(e.accountId);
    if (!list) byAccount.set(e.accountId, (list = []));
    list.push(e);
  }
  const rows: PopChunkRow[] = [];
  for (const [accountId, list] of byAccount) {
    for (let i = 0; i < list.length; i += perChunk) rows.push(chunkOf(accountId, list.slice(i, i + perChunk)));
  }
  return rows;
}
