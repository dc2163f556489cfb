/**
 * The versioned schema, planned for the whole product (STYLE.md §8: every change is a new
 * version, with an `upgrade()` when data moves). Versions are data so a test can open the
 * database exactly as an older release left it, then open the current one over it.
 *
 * Index notes: `[accountId+folder+date]` pages one folder (and finds an account's messages);
 * `[folder+date]` pages a folder across accounts (the unified Inbox); `[accountId+uidl]` is
 * deliberately not unique (see UidlRow). Every message index costs every fetched message a
 * write (v6 dropped the ones nothing reads).
 */
import type { Dexie, Transaction } from 'dexie';
import { COUNTS_TABLE, countRows } from './folder-counts';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import { popChunksFrom } from './pop-store';
import { ALL_SORT_INDEXES_READY, SORT_INDEXES_KEY } from './sort-index';
import { sortKeys } from './sort-keys';

export interface SchemaVersion {
  readonly version: number;
  readonly stores: Readonly<Record<string, string | null>>;
  readonly upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA: readonly SchemaVersion[] = [
  {
    // First release: accounts, mail and POP bookkeeping.
    version: 1,
    stores: {
      accounts: 'id, order',
      messages: 'id, accountId, [accountId+folder+date], [folder+date], [accountId+uidl], messageId',
      bodies: 'messageId',
      raws: 'messageId',
      attachments: 'id, messageId',
      popState: 'accountId',
      uidls: 'id, accountId, [accountId+uidl], messageId',
      settings: 'key',
    },
  },
  {
    // Sending and composing, and unread counts by index. Messages stored by v1 have no
    // `unreadFlag`: derive it so the new index sees them.
    version: 2,
    stores: {
      messages: 'id, accountId, [accountId+folder+date], [folder+date], [accountId+uidl], messageId, [accountId+folder+unreadFlag]',
      uidls: 'id, accountId, [accountId+uidl], messageId, [accountId+deleteAfter]',
      outbox: 'id, accountId, state, queuedAt',
      drafts: 'id, accountId, updatedAt',
      contacts: 'id, address, name, lastUsedAt',
    },
    upgrade: async (tx) => {
      await tx
        .table('messages')
        .toCollection()
        .modify((row: { unread?: unknown; unreadFlag?: unknown }) => {
          row.unreadFlag = row.unread === true ? 1 : 0;
        });
    },
  },
  {
    // Getting mail (issue 4): one POP state entry per downloaded message, keyed by its local id
    // (PopStateEntry); and list sorting by sender and subject through indexes, so a 100,000-row
    // folder pages without loading it. Sort keys are derived (db.ts hooks keep them right).
    version: 3,
    stores: {
      messages:
        'id, accountId, [accountId+folder+date], [folder+date], [accountId+uidl], messageId, [accountId+folder+unreadFlag], ' +
        '[accountId+folder+sortFrom], [folder+sortFrom], [accountId+folder+sortSubject], [folder+sortSubject]',
      popEntries: 'localId, accountId, [accountId+uidl]',
    },
    upgrade: async (tx) => {
      await tx
        .table('messages')
        .toCollection()
        .modify((row: Parameters<typeof sortKeys>[0] & { sortFrom?: string; sortSubject?: string }) => {
          Object.assign(row, sortKeys(row));
        });
    },
  },
  {
    // Folder totals and unread counts as data (folder-counts.ts keeps them in every write), so
    // nothing counts a folder's index at 100,000 rows. Counted once here from the unread index's
    // keys alone (no row is read).
    version: 4,
    stores: { [COUNTS_TABLE]: '[accountId+folder]' },
    upgrade: async (tx) => {
      const keys = (await tx.table('messages').orderBy('[accountId+folder+unreadFlag]').keys()) as unknown as [string, string, number][];
      await tx.table(COUNTS_TABLE).bulkPut(countRows(keys.map(([accountId, folder, flag]) => ({ accountId, folder, unread: flag === 1 }))));
    },
  },
  {
    // Fetched mail is parsed after the fetch, not during it: each committed batch
    // leaves one row naming its messages, in the batch's own transaction, so a parse that never
    // happened (the window closed, a crash) is found again. Mail stored before this version was
    // parsed as it arrived.
    version: 5,
    stores: { parseQueue: '++seq' },
  },
  {
    // Every index is written for every message a fetch stores. Three earn nothing any more: unread counts
    // come from folderCounts (v4), POP bookkeeping has its own `[accountId+uidl]` on popEntries,
    // and an account's messages are found through `[accountId+folder+date]`.
    version: 6,
    stores: {
      messages:
        'id, [accountId+folder+date], [folder+date], messageId, ' +
        '[accountId+folder+sortFrom], [folder+sortFrom], [accountId+folder+sortSubject], [folder+sortSubject]',
    },
  },
  {
    // Fetched mail's bytes as one row per batch (raw-store.ts). Rows already in `raws` stay there.
    version: 7,
    stores: { rawChunks: 'id, *ids' },
  },
  {
    // POP state entries a fetched batch to a row (pop-store.ts), for the same reason. Entries
    // stored one per row until now move into rows of up to 1,000 per account.
    version: 8,
    stores: { popChunks: 'id, accountId, *localIds' },
    upgrade: async (tx) => {
      const entries = (await tx.table('popEntries').toArray()) as PopStateEntry[];
      await tx.table('popChunks').bulkAdd(popChunksFrom(entries));
    },
  },
  {
    // The per-message entries, moved by v8, go (a table is dropped a version after its data moved out).
    version: 9,
    stores: { popEntries: null },
  },
  {
    // Sender and subject sort keys only once someone sorts that way (sort-index.ts). Rows stored
    // until now carry both keys, so both orders are ready where there is mail already.
    version: 10,
    stores: {},
    upgrade: async (tx) => {
      const any = await tx.table('messages').limit(1).primaryKeys();
      if (any.length > 0) await tx.table('settings').put({ key: SORT_INDEXES_KEY, value: ALL_SORT_INDEXES_READY });
    },
  },
  {
    // Index entries a fetched message no longer pays for: POP entries are
    // found through their account (pop-store.ts), so popChunks' `*localIds` index goes; a message
    // row names its raw chunk (raw-store.ts), and new chunks list their messages outside the
    // `*ids` index, which stays for the chunks written before (their rows have no pointer).
    version: 11,
    stores: { popChunks: 'id, accountId' },
  },
  {
    // Nothing looks messages up by Message-ID (threading, when it comes, can index it then):
    // its index was one more write for every fetched message.
    version: 12,
    stores: {
      messages: 'id, [accountId+folder+date], [folder+date], [accountId+folder+sortFrom], [folder+sortFrom], [accountId+folder+sortSubject], [folder+sortSubject]',
    },
  },
];

export const CURRENT_VERSION = SCHEMA[SCHEMA.length - 1]?.version ?? 1;

/** Declares every version up to `upTo` on a database that is not open yet. */
export function declareSchema(db: Dexie, upTo: number = CURRENT_VERSION): void {
  for (const step of SCHEMA) {
    if (step.version > upTo) break;
    const v = db.version(step.version).stores(step.stores);
    if (step.upgrade) v.upgrade(step.upgrade);
  }
}
