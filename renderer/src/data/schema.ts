/**
 * The store's schema, as data: each release's version is a step, so a test can open the database
 * exactly as a release left it and then open the next over it (schema.test.ts). Until the first
 * release ships there is one version; from then on every change is a new step, with an `upgrade`
 * when data moves (STYLE.md §8).
 *
 * Every index on `messages` is written for every message a fetch stores, so only what is read
 * is indexed: a folder by date, by sender and by subject (one account, or all of them for the
 * unified folders; the sort keys are written with the row, folder-counts.ts, so the first sort of
 * a large folder is as quick as the next), by conversation (threads-store.ts keeps the keys that
 * find one in a table of its own), and the Message-ID, where an import looks for copies it
 * already holds (own-store.ts). POP state and raw bytes are kept a batch to a row (pop-store.ts,
 * raw-store.ts).
 */
import type { Dexie, Transaction } from 'dexie';

export interface SchemaVersion {
  readonly version: number;
  readonly stores: Readonly<Record<string, string | null>>;
  readonly upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      accounts: 'id, order',
      messages: 'id, [accountId+folder+date], [folder+date], [accountId+folder+sortFrom], [folder+sortFrom], [accountId+folder+sortSubject], [folder+sortSubject], threadId, messageId',
      bodies: 'messageId',
      rawChunks: 'id',
      attachments: 'id, messageId',
      popState: 'accountId',
      popChunks: 'id, accountId, [accountId+undownloaded]',
      folderCounts: '[accountId+folder]',
      outbox: 'id, accountId, state, queuedAt',
      drafts: 'id, accountId, updatedAt',
      contacts: 'id, address, name, lastUsedAt',
      settings: 'key',
      // Where each import (a file, a folder of .eml files) stands, written with each batch it commits (own-store.ts).
      imports: 'id',
      // Message rules, run in `order` (issue 19; shared/model/rule.ts).
      rules: 'id, order',
      // What each rule and the junk filter did to a message, shown from the message.
      ruleLog: 'id, messageId',
      // Forwards rules asked for, committed with the message, until the window puts them in the Outbox (rule-forwards.ts).
      ruleForwards: 'id',
      // The junk filter's word counts and its revision (junk-repo.ts).
      junk: 'id',
      // The person's own folders, per account or under Local Folders (folders-repo.ts); the fixed ones have no row.
      folders: 'id',
      // The keys new mail finds its conversation by: Message-IDs, and subjects for the last resort (threads-store.ts).
      threadIndex: 'key, threadId',
      // The person's conversation edits, "split here" and "merge with…" (threads-store.ts).
      threadEdits: 'id',
      // Search (data/search/): posting lists by term and segment, and the documents they number.
      searchTerms: '[term+seg]',
      // The word positions of a term's own rows, apart, so only a phrase reads them (search/index-rows.ts).
      searchPositions: '[term+seg]',
      // Blocks of the search index's documents (ids, dates, where each message is, its flags).
      searchDocs: 'block',
      // Message rows written since the index last caught up (change-log.ts), in order.
      searchChanges: '++seq',
      // The search index's own state (next document number, open segment).
      searchMeta: 'key',
    },
  },
];

export const CURRENT_VERSION = SCHEMA[SCHEMA.length - 1]?.version ?? 1;

/** Declares `steps` (every version up to `upTo` by default) on a database that is not open yet. */
export function declareSchema(db: Dexie, upTo: number = CURRENT_VERSION, steps: readonly SchemaVersion[] = SCHEMA): void {
  for (const step of steps) {
    if (step.version > upTo) break;
    const v = db.version(step.version).stores(step.stores);
    if (step.upgrade) v.upgrade(step.upgrade);
  }
}
