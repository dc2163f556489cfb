/**
 * Per-(account, folder) totals and unread counts, kept in `folderCounts` so the list and the
 * sidebar never count a folder: Chromium's IndexedDB `count()` walks every index entry (slow for
 * a large folder, docs/performance.md), and a live query that counts wakes on every write.
 *
 * The counters are kept by a DBCore middleware on `messages`, not by each repository: every
 * write of a message row — bulkAdd, bulkPut, modify, bulkUpdate, delete, whoever issues it —
 * passes through here, and the counters change in the SAME transaction (the middleware adds
 * `folderCounts` to every read-write transaction that names `messages`), so they commit or abort
 * with the rows they describe. Upgrade transactions are left alone: an upgrade that moves rows
 * between folders must recount them.
 *
 * The same middleware derives the row's index helpers (`unreadFlag`, and the sender and subject
 * sort keys, so every order's index holds every message from its first write and the first sort
 * of a large folder is as quick as the next) from the row being written. Dexie's table hooks could do that too, but
 * an `updating` hook makes Dexie read every row before each put — a store round trip per
 * message, which is what a fetch's commit costs most.
 */
import type { DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction } from 'dexie';
import type { FolderKey } from '../../../shared/model/message';
import { bookkeepingMiddleware, updatesNoneOf, writtenKeys } from './bookkeeping-middleware';
import { sortKeys } from './sort-keys';

export const COUNTS_TABLE = 'folderCounts';

export interface FolderCountRow {
  readonly accountId: string;
  readonly folder: FolderKey;
  readonly total: number;
  readonly unread: number;
}

/** The fields of a message row the counters depend on. */
interface Counted {
  readonly accountId?: unknown;
  readonly folder?: unknown;
  readonly unread?: unknown;
}

type Deltas = Map<string, { accountId: string; folder: string; total: number; unread: number }>;

function tally(deltas: Deltas, row: Counted | undefined, sign: 1 | -1): void {
  if (!row || typeof row.accountId !== 'string' || typeof row.folder !== 'string') return;
  const key = `${row.accountId}\u0000${row.folder}`;
  let d = deltas.get(key);
  if (!d) deltas.set(key, (d = { accountId: row.accountId, folder: row.folder, total: 0, unread: 0 }));
  d.total += sign;
  // Truthiness, as the `unreadFlag` hook (db.ts) derives the unread index from the same field.
  if (row.unread) d.unread += sign;
}

type Before = { keys: readonly unknown[]; rows: readonly (Counted | undefined)[] };

/** Fields whose change moves a row between counters or changes what is derived from it. */
const COUNTED_OR_DERIVED = new Set(['accountId', 'folder', 'unread', 'from', 'subject']);

type Derived = { unread?: unknown; unreadFlag?: 0 | 1; from?: { name: string; address: string } | null; subject?: string; sortFrom?: string; sortSubject?: string };

/** The index helpers of a message row, from the row itself (rows.ts MessageRow). */
function derive(values: readonly unknown[]): void {
  for (const value of values) {
    const row = value as Derived;
    // Truthiness, as `tally` counts unread: the index and the counters never disagree.
    row.unreadFlag = row.unread ? 1 : 0;
    const keys = sortKeys(row);
    row.sortFrom = keys.sortFrom;
    row.sortSubject = keys.sortSubject;
  }
}

// No async/await below: Dexie's zone (PSD, which its cache middleware reads) only survives
// `.then` on the promises DBCore returns, so every step chains on them.

/** The keys a mutation writes or deletes, in request order, with the rows stored under them now. */
function rowsBefore(table: DBCoreTable, req: DBCoreMutateRequest): Promise<Before> {
  const { trans } = req;
  const pk = table.schema.primaryKey;
  switch (req.type) {
    case 'add':
    case 'put': {
      const keys = writtenKeys(table, req);
      if (req.type === 'add') return Promise.resolve({ keys, rows: [] });
      return table.getMany({ trans, keys }).then((rows) => ({ keys, rows }));
    }
    case 'delete':
      return table.getMany({ trans, keys: req.keys }).then((rows) => ({ keys: req.keys, rows }));
    case 'deleteRange':
      return table.query({ trans, values: true, query: { index: pk, range: req.range } }).then(({ result }) => ({
        keys: (result as Counted[]).map((r) => pk.extractKey?.(r)),
        rows: result as Counted[],
      }));
  }
}

function applyDeltas(counts: DBCoreTable, trans: DBCoreTransaction, deltas: Deltas): Promise<unknown> | undefined {
  const changed = [...deltas.values()].filter((d) => d.total !== 0 || d.unread !== 0);
  if (changed.length === 0) return undefined;
  const keys = changed.map((d) => [d.accountId, d.folder]);
  return counts.getMany({ trans, keys }).then((current: (FolderCountRow | undefined)[]) => {
    const puts: FolderCountRow[] = [];
    const gone: unknown[] = [];
    changed.forEach((d, i) => {
      const total = (current[i]?.total ?? 0) + d.total;
      const unread = (current[i]?.unread ?? 0) + d.unread;
      if (total <= 0) gone.push(keys[i]);
      else puts.push({ accountId: d.accountId, folder: d.folder as FolderKey, total, unread: Math.max(0, unread) });
    });
    const put = puts.length > 0 ? counts.mutate({ type: 'put', trans, values: puts }) : undefined;
    return gone.length > 0 ? counts.mutate({ type: 'delete', trans, keys: gone }).then(() => put) : put;
  });
}

function deltasOf(req: DBCoreMutateRequest, before: Before, res: DBCoreMutateResponse): Deltas {
  const deltas: Deltas = new Map();
  const writes = req.type === 'add' || req.type === 'put';
  // The same key twice in one request: the second write replaces the first, not the stored row.
  const latest = new Map<unknown, Counted | undefined>();
  before.keys.forEach((key, i) => {
    if (writes && failed(res, i)) return;
    tally(deltas, latest.has(key) ? latest.get(key) : before.rows[i], -1);
    const after = writes ? (req.values[i] as Counted) : undefined;
    tally(deltas, after, 1);
    latest.set(key, after);
  });
  return deltas;
}

function failed(res: DBCoreMutateResponse, i: number): boolean {
  return res.numFailures > 0 && res.failures[i] !== undefined;
}

export const folderCountsMiddleware = bookkeepingMiddleware({
  name: 'HeronFolderCounts',
  watches: ['messages'],
  // Below the hooks (level 2: rows arrive here as stored, `unreadFlag` included), above
  // observability (level 0) so live queries on `folderCounts` see these writes.
  level: 1.5,
  alongside: COUNTS_TABLE,
  mutate(req, table, counts) {
    if (req.type === 'add' || req.type === 'put') derive(req.values);
    // A put that only changes fields nothing here depends on (bulkUpdate of a snippet, say).
    if (updatesNoneOf(req, COUNTED_OR_DERIVED)) return table.mutate(req);
    return rowsBefore(table, req).then((before) =>
      table.mutate(req).then((res) => {
        const applied = applyDeltas(counts, req.trans, deltasOf(req, before, res));
        return applied ? applied.then(() => res) : res;
      }),
    );
  },
});
