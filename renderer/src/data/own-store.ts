/**
 * The store's side of owning one's mail (issue 20): duplicates asked by an import, where an import
 * stands, pages of stored messages with their bytes for an export or a backup, and the rest of the
 * store (accounts, POP state, settings, address book) as a backup keeps it and a restore puts it
 * back. Run by the store worker (store/serve.ts), which owns writes.
 */
import type { LocalFolder } from '../../../shared/model/message';
import type { ExportPage, ExportScope, ImportPlace, StoreSnapshot, StoredCopy, StoredQuestion } from '../../../shared/model/own-mail';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import type { HeronDb } from './db';
import { decodeRow, encodeRow } from './backup-codec';
import { KEPT_TABLES } from './backup-tables';
import { addPopEntries } from './pop-store';
import { getRawBytes } from './raw-store';
import type { AccountRow, ContactRow, FolderRow, MessageRow, PopStateRow, SettingRow } from './rows';

/** Messages read per page, and the bytes a page may carry beyond its first message. */
export const PAGE_MESSAGES = 200;
export const PAGE_BYTES = 32 * 1024 * 1024;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of messages without a Message-ID, by row id (their bytes never change), per database. */
const idlessDigests = new WeakMap<HeronDb, Map<string, string>>();

/**
 * For each question: whether a stored message has that Message-ID and exactly those bytes. Found
 * through the Message-ID index; a message without one is compared with every stored message that
 * has none (few: mail nearly always has a Message-ID), whose digests are kept once computed.
 */
export async function storedAmong(db: HeronDb, questions: readonly StoredQuestion[]): Promise<boolean[]> {
  const ids = [...new Set(questions.flatMap((q) => (q.messageId === null ? [] : [q.messageId])))];
  const digests = new Map<string, Set<string>>();
  if (ids.length > 0) {
    const rows = await db.messages.where('messageId').anyOf(ids).toArray();
    const bytes = await getRawBytes(db, rows.filter((r) => !r.partial).map((r) => r.id));
    for (const row of rows) {
      const raw = bytes.get(row.id);
      if (raw === undefined || row.messageId === null) continue;
      const set = digests.get(row.messageId) ?? new Set<string>();
      set.add(await sha256Hex(raw));
      digests.set(row.messageId, set);
    }
  }
  const idless = questions.some((q) => q.messageId === null) ? await idlessDigestsOf(db) : new Set<string>();
  return questions.map((q) => (q.messageId === null ? idless.has(q.sha256) : (digests.get(q.messageId)?.has(q.sha256) ?? false)));
}

async function idlessDigestsOf(db: HeronDb): Promise<Set<string>> {
  let known = idlessDigests.get(db);
  if (!known) idlessDigests.set(db, (known = new Map()));
  const cache = known;
  const rows = await db.messages.filter((r) => r.messageId === null && !r.partial).toArray();
  const missing = rows.filter((r) => !cache.has(r.id)).map((r) => r.id);
  for (const [id, raw] of await getRawBytes(db, missing)) cache.set(id, await sha256Hex(raw));
  const present = new Set(rows.map((r) => r.id));
  return new Set([...cache].filter(([id]) => present.has(id)).map(([, digest]) => digest));
}

export async function importPlaceOf(db: HeronDb, importId: string): Promise<ImportPlace | null> {
  const row = await db.imports.get(importId);
  return row ? { position: row.position, imported: row.imported, duplicates: row.duplicates, finished: row.finished } : null;
}

function inScope(scope: ExportScope, row: MessageRow): boolean {
  if (scope.kind === 'all') return row.folder !== 'outbox' && row.folder !== 'drafts';
  if (scope.kind === 'folder') return row.folder === scope.folder && (scope.accountId === null || row.accountId === scope.accountId);
  return true;
}

/** One page of the scope's messages with their bytes, in id order, starting after `after`. */
export async function exportPage(db: HeronDb, scope: ExportScope, after: string | null): Promise<ExportPage> {
  let rows: MessageRow[];
  let more: boolean;
  if (scope.kind === 'messages') {
    const ids = [...new Set(scope.ids)].sort().filter((id) => after === null || id > after);
    more = ids.length > PAGE_MESSAGES;
    rows = (await db.messages.bulkGet(ids.slice(0, PAGE_MESSAGES))).filter((r): r is MessageRow => r !== undefined);
  } else {
    const from = after === null ? db.messages.toCollection() : db.messages.where(':id').above(after);
    rows = await from.filter((r) => inScope(scope, r)).limit(PAGE_MESSAGES).toArray();
    more = rows.length === PAGE_MESSAGES;
  }
  const last = rows[rows.length - 1]?.id ?? null;
  const bytes = await getRawBytes(db, rows.map((r) => r.id));
  const items: StoredCopy[] = [];
  let total = 0;
  for (const row of rows) {
    const raw = bytes.get(row.id);
    if (raw === undefined) continue;
    if (items.length > 0 && total + raw.byteLength > PAGE_BYTES) return { items, next: items[items.length - 1]?.id ?? null };
    total += raw.byteLength;
    items.push(copyOf(row, raw));
  }
  return { items, next: more ? last : null };
}

function copyOf(row: MessageRow, raw: Uint8Array): StoredCopy {
  return {
    id: row.id,
    accountId: row.accountId,
    folder: row.folder,
    unread: row.unread,
    starred: row.starred,
    uidl: row.uidl,
    partial: row.partial,
    receivedAt: row.receivedAt,
    date: row.date,
    subject: row.subject,
    sourceFolder: row.sourceFolder ?? null,
    kept: {
      ...(row.tags ? { tags: row.tags } : {}),
      ...(row.junk ? { junk: row.junk } : {}),
      ...(row.previousFolder ? { previousFolder: row.previousFolder } : {}),
      ...(row.trashedAt !== undefined ? { trashedAt: row.trashedAt } : {}),
      ...(row.threadId !== undefined ? { threadId: row.threadId } : {}),
    },
    raw,
  };
}

/** How many messages a scope holds (for progress). */
export async function countScope(db: HeronDb, scope: ExportScope): Promise<number> {
  if (scope.kind === 'messages') return (await db.messages.bulkGet([...new Set(scope.ids)])).filter((r) => r !== undefined).length;
  if (scope.kind === 'folder') {
    const folder: LocalFolder = scope.folder;
    return scope.accountId === null
      ? db.messages.where('[folder+date]').between([folder, -Infinity], [folder, Infinity]).count()
      : db.messages.where('[accountId+folder+date]').between([scope.accountId, folder, -Infinity], [scope.accountId, folder, Infinity]).count();
  }
  return db.messages.filter((r) => inScope(scope, r)).count();
}

/** Everything but messages that a backup keeps (backup-tables.ts), read in one transaction. */
export async function snapshotOf(db: HeronDb): Promise<StoreSnapshot> {
  const kept = KEPT_TABLES.map((name) => db.table(name));
  const read = await db.transaction('r', [db.accounts, db.popState, db.popChunks, db.settings, db.contacts, db.folders, ...kept], async () => ({
    accounts: await db.accounts.toArray(),
    popState: await db.popState.toArray(),
    popEntries: (await db.popChunks.toArray()).flatMap((r) => r.entries),
    settings: await db.settings.toArray(),
    contacts: await db.contacts.toArray(),
    folders: await db.folders.toArray(),
    tables: await Promise.all(kept.map((t) => t.toArray())),
  }));
  const tables: Record<string, unknown[]> = {};
  for (const [i, name] of KEPT_TABLES.entries()) tables[name] = (await encodeRow(read.tables[i])) as unknown[];
  return { ...read, tables };
}

/** Whether the store holds no account and no message: only such a store is restored into. */
export async function storeIsEmpty(db: HeronDb): Promise<boolean> {
  return (await db.accounts.count()) === 0 && (await db.messages.count()) === 0;
}

/**
 * Puts a backup's accounts, POP state, settings and address book back, in one strict transaction.
 * A restore writes this after the messages, so the POP state never names a message not stored.
 */
export async function restoreSnapshot(db: HeronDb, snapshot: StoreSnapshot, restoreId?: string): Promise<void> {
  const kept = KEPT_TABLES.map((name) => db.table(name));
  await db.transaction('rw', [db.accounts, db.popState, db.popChunks, db.settings, db.contacts, db.folders, db.imports, db.messages, ...kept], async () => {
    await db.accounts.bulkPut(snapshot.accounts as AccountRow[]);
    await db.popState.bulkPut(snapshot.popState as PopStateRow[]);
    // An entry naming a message the restore did not bring back is left out: Get mail brings it back if the server still has it.
    const named = snapshot.popEntries.filter((e) => e.status === 'stored' || e.status === 'headers-only').map((e) => e.localId);
    const present = new Set((await db.messages.bulkGet(named)).flatMap((r) => (r ? [r.id] : [])));
    const popEntries = snapshot.popEntries.filter((e) => (e.status !== 'stored' && e.status !== 'headers-only') || present.has(e.localId));
    const byAccount = new Map<string, PopStateEntry[]>();
    for (const e of popEntries) byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), e]);
    for (const [accountId, entries] of byAccount) {
      await db.popChunks.where('accountId').equals(accountId).delete();
      await addPopEntries(db, accountId, entries);
    }
    await db.settings.bulkPut(snapshot.settings as SettingRow[]);
    await db.contacts.bulkPut(snapshot.contacts as ContactRow[]);
    await db.folders.bulkPut((snapshot.folders ?? []) as FolderRow[]);
    for (const table of kept) {
      const rows = snapshot.tables?.[table.name];
      // The backup's rows replace what the restore's own commits wrote (the thread index of restored mail).
      if (rows) await table.bulkPut(decodeRow(rows) as unknown[]);
    }
    // The restore is whole: a new one into this profile is refused again.
    if (restoreId !== undefined) await db.imports.update(restoreId, { finished: true });
  });
}

/** Adds POP state entries (Thunderbird's popstate.dat) for an account, replacing those it had for the same UIDLs. */
export async function addPopState(db: HeronDb, accountId: string, entries: readonly PopStateEntry[]): Promise<void> {
  await db.transaction('rw', db.popChunks, async () => {
    const uidls = new Set(entries.map((e) => e.uidl));
    for (const row of await db.popChunks.where('accountId').equals(accountId).toArray()) {
      const kept = row.entries.filter((e) => !uidls.has(e.uidl));
      if (kept.length === row.entries.length) continue;
      if (kept.length === 0) await db.popChunks.delete(row.id);
      else await db.popChunks.put({ ...row, entries: kept });
    }
    await addPopEntries(db, accountId, entries);
  });
}
