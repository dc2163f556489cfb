/**
 * The search index's queue: every write of a message row — a fetch storing it, a move, a flag, a
 * delete, whoever issues it — leaves the row's id in `searchChanges`, in the same transaction
 * (bookkeeping-middleware.ts, like the folder counters); a draft's writes too. The store worker's
 * indexer reads the queue in order and removes what it handled in the transaction that updates the index, so the queue's
 * first row is the index's high-water mark: a crash between the two loses nothing, and a message
 * stored while no indexer ran is indexed when one starts.
 */
import type { DBCoreMutateRequest, DBCoreTable } from 'dexie';
import { bookkeepingMiddleware, updatesNoneOf, writtenKeys } from '../bookkeeping-middleware';
import { draftDocId } from './draft-docs';

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
      // Every write of a draft counts; a message's only when it touches what the index reads.
      if (table.name === 'messages' && updatesNoneOf(req, INDEXED)) return [];
      return writtenKeys(table, req).filter((k): k is string => typeof k === 'string');
    case 'delete':
      return req.keys.filter((k): k is string => typeof k === 'string');
    case 'deleteRange':
      return [ALL_ROWS];
  }
}

export const searchChangesMiddleware = bookkeepingMiddleware({
  name: 'HeronSearchChanges',
  level: 1.4,
  watches: ['messages', 'drafts'],
  alongside: CHANGES_TABLE,
  mutate(req, table, changes) {
    // A draft is a document of the Drafts folder under an id of its own (draft-docs.ts).
    const idOf = table.name === 'drafts' ? draftDocId : (id: string) => id;
    const ids = changedIds(table, req).map((id) => (id === ALL_ROWS ? id : idOf(id)));
    if (ids.length === 0) return table.mutate(req);
    return table.mutate(req).then((res) =>
      changes.mutate({ type: 'add', trans: req.trans, values: ids.map((id): SearchChangeRow => ({ id })) }).then(() => res),
    );
  },
});
