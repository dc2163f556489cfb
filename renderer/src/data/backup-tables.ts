/**
 * Which of the store's tables a backup keeps, and why each other one needs no keeping. Every
 * table of the schema is named here exactly once (backup-tables.test.ts and the round trip in
 * e2e/own-mail hold the schema to it), so a table added later cannot be silently left out of
 * backups.
 */

/** Kept as messages: their bytes in messages.mbox, their state in messages.jsonl (electron/main/own/backup.ts). */
export const MESSAGE_TABLES = ['messages', 'rawChunks'] as const;

/** Kept in store.json with the fields they always had (own-store.ts `snapshotOf`). */
export const SNAPSHOT_TABLES = ['accounts', 'popState', 'popChunks', 'settings', 'contacts', 'folders'] as const;

/** Kept in store.json under `tables`, row for row. */
export const KEPT_TABLES = ['rules', 'ruleLog', 'junk', 'threadIndex', 'threadEdits', 'drafts'] as const;

/** Built again from what is kept, so not written into a backup. */
export const DERIVED_TABLES: Readonly<Record<string, string>> = {
  bodies: "read again from each message's bytes as it is restored",
  attachments: "read again from each message's bytes as it is restored",
  folderCounts: 'counted again from the restored messages',
  searchTerms: 'the search index, built again from the restored messages',
  searchPositions: 'the search index, built again from the restored messages',
  searchDocs: 'the search index, built again from the restored messages',
  searchChanges: 'the search index, built again from the restored messages',
  searchMeta: 'the search index, built again from the restored messages',
};

/** Not kept on purpose. */
export const UNKEPT_TABLES: Readonly<Record<string, string>> = {
  outbox: 'a message waiting to be sent is not sent a second time from a backup (its draft is kept)',
  ruleForwards: 'a rule\'s forward waiting to be sent is not sent a second time from a backup',
  imports: "where an import or a restore stands in a file of this computer's; meaningless elsewhere",
};

export type KeptTable = (typeof KEPT_TABLES)[number];
