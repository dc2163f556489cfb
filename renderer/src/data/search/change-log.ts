/**
 * The search index's queue: every write of a message row — a fetch storing it, a move, a flag, a
 * delete, whoever issues it — leaves the row's id in `searchChanges`, in the same transaction
 * (a middleware on `messages`, messages-middleware.ts, like the folder counters). The store worker's indexer reads the queue in
 * order and removes what it handled in the transaction that updates the index, so the queue's
 * first row is the index's high-water mark: a crash between the two loses nothing, and a message
 * stored while no indexer ran is indexed when one starts.
 */
import type { DBCoreMutateRequest, DBCoreTable } from 'dexie';
import { messagesMiddleware, updatesNoneOf, writtenKeys } from '../messages-middleware';

export const CHANGES_TABLE = 'searchChanges';

/** Stands for "rows went that the log cannot name" (a range delete): the indexer checks every row. */
export const ALL_ROWS = '';

export interface SearchChangeRow {
  readonly seq?: number;
  readonly id: string;
}

/** Fields whose change the index cares about (where a message is, its flags, its content). */
const INDEXED = new Set(['accountId', 'folder', 'unread', 'starred', 'partial', 'hasAttachments', 'subject', 'from', 'to', 'cc', 'date']);

function changedIds(table: DBCoreTable, req: DBCoreMutateRequest): string[] {
  switch (req.type) {
    case 'add':
    case 'put':
      if (updatesNoneOf(req, INDEXED)) return [];
      return writtenKeys(table, req).filter((k): k is string => typeof k === 'string');
    case 'delete':
      return req.keys.filter((k): k is string => typeof k === 'string');
    case 'deleteRange':
      return [ALL_ROWS];
  }
}

export const searchChangesMiddleware = messagesMiddleware({
  name: 'HeronSearchChanges',
  level: 1.4,
  alongside: CHANGES_TABLE,
  mutate(req, table, changes) {
    const ids = changedIds(table, req);
    if (ids.length === 0) return table.mutate(req);
    return table.mutate(req).then((res) =>
      changes.mutate({ type: 'add', trans: req.trans, values: ids.map((id): SearchChangeRow => ({ id })) }).then(() => res),
    );
  },
});
