/**
 * The shape every bookkeeping middleware shares (the folder counters on `messages`, the search
 * index's queue on `messages` and `drafts`): whatever writes the watched tables, the bookkeeping
 * table joins the transaction and is written in it, so the two commit or abort together. Upgrade
 * transactions are left alone.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, Middleware } from 'dexie';

interface Options {
  readonly name: string;
  /** Dexie's middleware level: where it sits between the hooks (2) and observability (0). */
  readonly level: number;
  /** The tables whose writes are kept track of. */
  readonly watches: readonly string[];
  /** The table written beside them. */
  readonly alongside: string;
  /** Runs a read-write mutation of a watched table (through `table`) and its bookkeeping (in `alongside`). */
  mutate(req: DBCoreMutateRequest, table: DBCoreTable, alongside: DBCoreTable): Promise<DBCoreMutateResponse>;
}

export function bookkeepingMiddleware({ name, level, watches, alongside, mutate }: Options): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name,
    level,
    create(down) {
      // A database opened without the table (a test of another schema) has nothing to keep.
      if (!down.schema.tables.some((t) => t.name === alongside)) return down;
      return {
        ...down,
        transaction(stores, mode, options) {
          const scope = mode === 'readwrite' && stores.some((s) => watches.includes(s)) && !stores.includes(alongside) ? [...stores, alongside] : stores;
          return down.transaction(scope, mode, options);
        },
        table(tableName) {
          const table = down.table(tableName);
          if (!watches.includes(tableName)) return table;
          return {
            ...table,
            mutate(req) {
              // A version upgrade rewrites rows in bulk and does its own bookkeeping if it must.
              if ((req.trans as unknown as IDBTransaction).mode !== 'readwrite') return table.mutate(req);
              return mutate(req, table, down.table(alongside));
            },
          };
        },
      };
    },
  };
}

/** The keys an add or put writes, in request order. */
export function writtenKeys(table: DBCoreTable, req: DBCoreMutateRequest & { type: 'add' | 'put' }): unknown[] {
  return req.keys ?? req.values.map((v: unknown) => table.schema.primaryKey.extractKey?.(v));
}

/**
 * Whether a request is an update (bulkUpdate, modify) of none of `fields`: Dexie names the
 * changed key paths, so bookkeeping that depends only on `fields` has nothing to do.
 */
export function updatesNoneOf(req: DBCoreMutateRequest, fields: ReadonlySet<string>): boolean {
  if (req.type !== 'put' || !req.updates || req.upsert) return false;
  return req.updates.changeSpecs.every((spec) => Object.keys(spec).every((path) => !fields.has(path.split('.')[0] ?? path)));
}
