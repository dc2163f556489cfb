/**
 * Filing mail: moving and copying messages between folders, deleting a folder (its mail goes to
 * Trash) and undoing each. Every operation is ONE read-write transaction over the message rows,
 * and the folder counters change inside it (folder-counts.ts middleware): a crash mid-way leaves
 * every message where it was and the counts right, never a message in two folders or none.
 *
 * Moving never touches the POP state: only deleting for good (delete-forever.ts) tells the next
 * check to delete a message from the server. Each operation answers an `UndoRecord` (plain data,
 * so it crosses from the store worker to the window) that `undo` reverses in one transaction.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { CustomFolderId, FolderKey } from '../../../shared/model/message';
import { isCustomFolder } from '../../../shared/model/message';
import { Dexie } from 'dexie';
import type { HeronDb } from './db';
import { deleteForever } from './delete-forever';
import { foldersRepo, subtreeOf } from './folders-repo';
import { newRawChunkId, putRawChunk, rawBlobs } from './raw-store';
import type { AttachmentRow, FolderRow, MessageRow } from './rows';

/** Where one message was before an operation, so undo can put it back exactly. */
export interface MovedFrom {
  readonly id: string;
  readonly folder: FolderKey;
  readonly previousFolder?: FolderKey;
  readonly trashedAt?: number;
}

export type UndoRecord =
  /** `to` null: each went somewhere of its own (restored from Trash). */
  | { readonly kind: 'move'; readonly to: FolderKey | null; readonly moved: readonly MovedFrom[] }
  | { readonly kind: 'copy'; readonly copies: readonly string[] }
  | { readonly kind: 'delete-folder'; readonly folders: readonly FolderRow[]; readonly moved: readonly MovedFrom[] };

/** Messages that live through their own machinery, not by being filed. */
const UNFILED: ReadonlySet<FolderKey> = new Set<FolderKey>(['drafts', 'outbox']);

function cannotFile(folder: FolderKey): HeronError {
  return new HeronError('EINVALID', folder === 'outbox' ? 'Messages waiting in the Outbox cannot be moved or copied.' : 'Drafts cannot be moved or copied.');
}

/** The rows as they are now, for undo. */
function fromOf(r: MessageRow): MovedFrom {
  return {
    id: r.id,
    folder: r.folder,
    ...(r.previousFolder !== undefined ? { previousFolder: r.previousFolder } : {}),
    ...(r.trashedAt !== undefined ? { trashedAt: r.trashedAt } : {}),
  };
}

/** A row in `to`: Trash remembers where it came from and when; anywhere else forgets that. */
function placed(r: MessageRow, to: FolderKey, now: number): MessageRow {
  const { previousFolder: _p, trashedAt: _t, ...rest } = r;
  return to === 'trash' ? { ...rest, folder: to, previousFolder: r.folder, trashedAt: now } : { ...rest, folder: to };
}

/** Fails unless every row may go to `to`: the folder exists, and is its account's or Local Folders'. */
async function checkTarget(db: HeronDb, rows: readonly MessageRow[], to: FolderKey): Promise<void> {
  if (UNFILED.has(to)) throw cannotFile(to);
  for (const r of rows) if (UNFILED.has(r.folder)) throw cannotFile(r.folder);
  if (!isCustomFolder(to)) return;
  const folder = await db.folders.get(to);
  if (!folder) throw new HeronError('ENOTFOUND', 'That folder no longer exists.');
  if (folder.accountId !== null && rows.some((r) => r.accountId !== folder.accountId)) {
    throw new HeronError('EINVALID', `“${folder.name}” belongs to another account: messages go to their own account’s folders or to Local Folders.`);
  }
}

async function rowsOf(db: HeronDb, ids: readonly string[]): Promise<MessageRow[]> {
  return (await db.messages.bulkGet([...new Set(ids)])).filter((r): r is MessageRow => r !== undefined);
}

/** Moves these messages to `to` (Trash included) in one transaction; those already there stay. */
export async function moveMessages(db: HeronDb, ids: readonly string[], to: FolderKey, now: number = Date.now()): Promise<UndoRecord> {
  return db.transaction('rw', [db.messages, db.folders], async () => {
    const rows = (await rowsOf(db, ids)).filter((r) => r.folder !== to);
    await checkTarget(db, rows, to);
    await db.messages.bulkPut(rows.map((r) => placed(r, to, now)));
    return { kind: 'move', to, moved: rows.map(fromOf) };
  });
}

/**
 * Archives these messages: each goes to its own account's Archive folder (made when missing), or
 * under it to the folder of its year (`byYear`: Archive/2024, by the message's date). One
 * transaction, folders and moves together; undo puts each back where it was.
 */
export async function archiveMessages(db: HeronDb, ids: readonly string[], byYear: boolean, now: number = Date.now()): Promise<UndoRecord> {
  return db.transaction('rw', [db.messages, db.folders], async () => {
    const rows = await rowsOf(db, ids);
    for (const r of rows) if (UNFILED.has(r.folder)) throw cannotFile(r.folder);
    const repo = foldersRepo(db);
    const moved: MovedFrom[] = [];
    const puts: MessageRow[] = [];
    for (const r of rows) {
      const archive = await repo.ensure(r.accountId, ['Archive'], now, 'archive');
      const to = byYear ? await repo.ensure(r.accountId, ['Archive', String(new Date(r.date).getFullYear())], now) : archive;
      if (r.folder === to) continue;
      moved.push(fromOf(r));
      puts.push(placed(r, to, now));
    }
    await db.messages.bulkPut(puts);
    return { kind: 'move', to: null, moved };
  });
}

/**
 * Where a message in Trash goes back to: the folder it was deleted from, or its Inbox when that
 * folder is gone.
 */
function restoredFolder(r: MessageRow, existing: ReadonlySet<string>): FolderKey {
  const back = r.previousFolder;
  if (back === undefined || back === 'trash' || (isCustomFolder(back) && !existing.has(back))) return 'inbox';
  return back;
}

/** Messages in Trash back to where they were deleted from, in one transaction. */
export async function restoreFromTrash(db: HeronDb, ids: readonly string[]): Promise<UndoRecord> {
  return db.transaction('rw', [db.messages, db.folders], async () => {
    const rows = (await rowsOf(db, ids)).filter((r) => r.folder === 'trash');
    const existing = new Set((await db.folders.toCollection().primaryKeys()) as string[]);
    await db.messages.bulkPut(rows.map((r) => placed(r, restoredFolder(r, existing), 0)));
    return { kind: 'move', to: null, moved: rows.map(fromOf) };
  });
}

/**
 * Copies these messages to `to`, each a new message with its own id: the row, the body, the
 * parts, and the exact bytes, duplicated into one new raw chunk (raw-store.ts) so a copy lives
 * and dies on its own — deleting either never touches the other's bytes. A copy has no POP state
 * (its uidl is cleared): deleting it never deletes the original from the server.
 */
export async function copyMessages(db: HeronDb, ids: readonly string[], to: FolderKey, now: number = Date.now()): Promise<UndoRecord> {
  return db.transaction('rw', [db.messages, db.folders, db.bodies, db.attachments, db.rawChunks], async () => {
    const rows = await rowsOf(db, ids);
    await checkTarget(db, rows, to);
    const copyOf = new Map(rows.map((r) => [r.id, crypto.randomUUID()]));
    // The copies' bytes are slices of the originals' Blobs: none is read to be copied.
    const raws = await rawBlobs(db, rows.flatMap((r) => (r.rawChunk !== undefined ? [{ chunk: r.rawChunk, member: r.id }] : [])));
    const chunk = newRawChunkId();
    await putRawChunk(db, chunk, rows.flatMap((r) => {
      const bytes = raws.get(r.id);
      return bytes ? [{ id: copyOf.get(r.id) ?? '', bytes }] : [];
    }));
    const bodies = await db.bodies.bulkGet(rows.map((r) => r.id));
    const parts = await db.attachments.where('messageId').anyOf(rows.map((r) => r.id)).toArray();
    const copies = rows.map((r): MessageRow => {
      const { rawChunk: _c, ...rest } = placed(r, to, now);
      return { ...rest, id: copyOf.get(r.id) ?? '', uidl: null, receivedAt: now, ...(raws.has(r.id) ? { rawChunk: chunk } : {}) };
    });
    await db.messages.bulkAdd(copies);
    await db.bodies.bulkAdd(bodies.flatMap((b) => (b ? [{ ...b, messageId: copyOf.get(b.messageId) ?? '' }] : [])));
    await db.attachments.bulkAdd(
      parts.map((p, i): AttachmentRow => ({ ...p, id: `${copyOf.get(p.messageId) ?? ''}:${i}`, messageId: copyOf.get(p.messageId) ?? '' })),
    );
    return { kind: 'copy', copies: copies.map((c) => c.id) };
  });
}

/** The ids of the messages in these folders (every account's). */
async function idsIn(db: HeronDb, folders: readonly FolderKey[]): Promise<string[]> {
  const ids: string[] = [];
  for (const f of folders) ids.push(...((await db.messages.where('[folder+date]').between([f, Dexie.minKey], [f, Dexie.maxKey], true, true).primaryKeys()) as string[]));
  return ids;
}

/** Deletes a folder and those nested in it; their mail goes to Trash. One transaction, undoable. */
export async function deleteFolder(db: HeronDb, id: CustomFolderId, now: number = Date.now()): Promise<UndoRecord> {
  return db.transaction('rw', [db.messages, db.folders], async () => {
    const folders = subtreeOf(await db.folders.toArray(), id);
    if (folders.length === 0) throw new HeronError('ENOTFOUND', 'That folder no longer exists.');
    const rows = await rowsOf(db, await idsIn(db, folders.map((f) => f.id)));
    await db.messages.bulkPut(rows.map((r) => placed(r, 'trash', now)));
    await db.folders.bulkDelete(folders.map((f) => f.id));
    return { kind: 'delete-folder', folders, moved: rows.map(fromOf) };
  });
}

/** Puts back what `record` changed, in one transaction. A message since moved elsewhere stays where the person put it. */
export async function undo(db: HeronDb, record: UndoRecord): Promise<void> {
  if (record.kind === 'copy') {
    await deleteForever(db, record.copies);
    return;
  }
  await db.transaction('rw', [db.messages, db.folders], async () => {
    if (record.kind === 'delete-folder') await db.folders.bulkPut([...record.folders]);
    const now = await rowsOf(db, record.moved.map((m) => m.id));
    const byId = new Map(record.moved.map((m) => [m.id, m]));
    const expected = record.kind === 'delete-folder' ? 'trash' : record.to;
    const back = now.flatMap((r) => {
      const was = byId.get(r.id);
      if (!was || (expected !== null && r.folder !== expected)) return [];
      const { previousFolder: _p, trashedAt: _t, ...rest } = r;
      return [{ ...rest, ...was }];
    });
    await db.messages.bulkPut(back);
  });
}
