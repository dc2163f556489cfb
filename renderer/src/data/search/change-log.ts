/**
 * The search index's queue: every write of a message row — a fetch storing it, a move, a flag, a
 * delete, whoever issues it — leaves the row's id in `searchChanges`, in the same transaction
 * (a DBCore middleware, like the folder counters). The store worker's indexer reads the queue in
 * order and removes what it handled in the transaction that updates the index, so the queue's
 * first row is the index's high-water mark: a crash between the two loses nothing, and a message
 * stored while no indexer ran is indexed when one starts.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
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
  const pk = table.schema.primaryKey;
  switch (req.type) {
    case 'add':
    case 'put': {
      if (req.type === 'put' && req.updates && !req.upsert && table.name === 'messages') {
        const touches = req.updates.changeSpecs.some((spec) => Object.keys(spec).some((path) => INDEXED.has(path.split('.')[0] ?? path)));
        if (!touches) return [];
      }
      const keys = req.keys ?? req.values.map((v: unknown) => pk.extractKey?.(v));
      return keys.filter((k): k is string => typeof k === 'string');
    }
    case 'delete':
      return req.keys.filter((k): k is string => typeof k === 'string');
    case 'deleteRange':
      return [ALL_ROWS];
  }
}

export const searchChangesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'HeronSearchChanges',
  level: 1.4,
  create(down) {
    // A database opened with an older schema (a test of upgrades) has no queue to write.
    if (!down.schema.tables.some((t) => t.name === CHANGES_TABLE)) return down;
    return {
      ...down,
      transaction(stores, mode, options) {
        const scope = mode === 'readwrite' && (stores.includes('messages') || stores.includes('drafts')) && !stores.includes(CHANGES_TABLE) ? [...stores, CHANGES_TABLE] : stores;
        return down.transaction(scope, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name !== 'messages' && name !== 'drafts') return table;
        // A draft is a document of the Drafts folder under an id of its own (draft-docs.ts); every write of it counts.
        const idOf = name === 'drafts' ? draftDocId : (id: string) => id;
        return {
          ...table,
          mutate(req) {
            if ((req.trans as unknown as IDBTransaction).mode !== 'readwrite') return table.mutate(req);
            const ids = changedIds(table, req).map((id) => (id === ALL_ROWS ? id : idOf(id)));
            if (ids.length === 0) return table.mutate(req);
            return table.mutate(req).then((res) =>
              down
                .table(CHANGES_TABLE)
                .mutate({ type: 'add', trans: req.trans, values: ids.map((id): SearchChangeRow => ({ id })) })
                .then(() => res),
            );
          },
        };
      },
    };
  },
};
