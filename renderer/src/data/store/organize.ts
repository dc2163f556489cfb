/**
 * What the person does to folders and the mail in them, run in the store worker (README,
 * "Architecture": IndexedDB writes leave the window's thread). The window asks over the worker's
 * own message channel (organize-client.ts) and gets an answer per request; requests run one after
 * another, so an undo never overtakes what it undoes.
 */
import { HeronError, type SerializedError } from '../../../../shared/ipc/result';
import type { CustomFolderId, FolderKey } from '../../../../shared/model/message';
import type { HeronDb } from '../db';
import { deleteForever, emptyTrash } from '../delete-forever';
import { foldersRepo, type NewFolder } from '../folders-repo';
import { junkRepo } from '../junk-repo';
import { archiveMessages, copyMessages, deleteFolder, moveMessages, restoreFromTrash, undo, type MovedFrom, type UndoRecord } from '../move-messages';
import type { FolderRow } from '../rows';
import { settingsRepo } from '../settings-repo';
import { purgeExpiredTrash } from '../trash-retention';
import { isQuotaError } from './storage-error';

export type OrganizeOp =
  | { readonly op: 'move'; readonly ids: readonly string[]; readonly to: FolderKey }
  | { readonly op: 'copy'; readonly ids: readonly string[]; readonly to: FolderKey }
  | { readonly op: 'archive'; readonly ids: readonly string[] }
  | { readonly op: 'restore'; readonly ids: readonly string[] }
  | { readonly op: 'delete-forever'; readonly ids: readonly string[] }
  | { readonly op: 'empty-trash'; readonly accountId: string | null }
  | { readonly op: 'purge-trash' }
  | { readonly op: 'create-folder'; readonly folder: NewFolder }
  | { readonly op: 'ensure-folder'; readonly accountId: string | null; readonly path: readonly string[]; readonly role?: FolderRow['role'] }
  | { readonly op: 'rename-folder'; readonly id: CustomFolderId; readonly name: string }
  | { readonly op: 'nest-folder'; readonly id: CustomFolderId; readonly parentId: CustomFolderId | null }
  | { readonly op: 'delete-folder'; readonly id: CustomFolderId }
  | { readonly op: 'undo'; readonly record: UndoRecord };

/** What each operation answers. */
export interface OrganizeAnswers {
  move: UndoRecord;
  copy: UndoRecord;
  archive: UndoRecord;
  restore: UndoRecord;
  'delete-forever': number;
  'empty-trash': number;
  'purge-trash': number;
  'create-folder': FolderRow;
  'ensure-folder': CustomFolderId;
  'rename-folder': undefined;
  'nest-folder': undefined;
  'delete-folder': UndoRecord;
  undo: undefined;
}

export type OrganizeRequest = { readonly type: 'organize'; readonly requestId: number; readonly op: OrganizeOp };
export type OrganizeAnswer =
  | { readonly type: 'organized'; readonly requestId: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'organized'; readonly requestId: number; readonly ok: false; readonly error: SerializedError };

/** Trains the junk filter on messages moved into or out of Junk. */
async function trainOnMoves(db: HeronDb, moved: readonly MovedFrom[], to: FolderKey, now: number): Promise<void> {
  const junk = junkRepo(db);
  const into = to === 'junk' ? moved.filter((m) => m.folder !== 'junk').map((m) => m.id) : [];
  const outOf = to !== 'junk' && to !== 'trash' ? moved.filter((m) => m.folder === 'junk').map((m) => m.id) : [];
  if (into.length > 0) await junk.trainOnMove(into, 'inbox', 'junk', now);
  if (outOf.length > 0) await junk.trainOnMove(outOf, 'junk', to, now);
}

export async function runOrganize(db: HeronDb, op: OrganizeOp, now: number): Promise<unknown> {
  switch (op.op) {
    case 'move': {
      const record = await moveMessages(db, op.ids, op.to, now);
      // A move into Junk teaches the filter junk, one out of it good (issue 19), as "Junk" / "Not junk" do.
      if (record.kind === 'move') await trainOnMoves(db, record.moved, op.to, now);
      return record;
    }
    case 'copy':
      return copyMessages(db, op.ids, op.to, now);
    case 'archive':
      return archiveMessages(db, op.ids, await settingsRepo(db).get('archiveByYear'), now);
    case 'restore':
      return restoreFromTrash(db, op.ids);
    case 'delete-forever':
      await deleteForever(db, op.ids);
      return op.ids.length;
    case 'empty-trash':
      return emptyTrash(db, op.accountId);
    case 'purge-trash':
      return purgeExpiredTrash(db, now);
    case 'create-folder':
      return foldersRepo(db).create(op.folder, now);
    case 'ensure-folder':
      return foldersRepo(db).ensure(op.accountId, op.path, now, op.role);
    case 'rename-folder':
      return foldersRepo(db).rename(op.id, op.name);
    case 'nest-folder':
      return foldersRepo(db).nest(op.id, op.parentId);
    case 'delete-folder':
      return deleteFolder(db, op.id, now);
    case 'undo':
      return undo(db, op.record);
  }
}

/** Where requests come from and answers go: the worker's global scope (or a test's channel end). */
export interface OrganizeEndpoint {
  postMessage(message: OrganizeAnswer): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** A refusal keeps its words; a store that failed says so, and that nothing changed. */
function organizeError(error: unknown): SerializedError {
  if (error instanceof HeronError) return error.toJSON();
  if (isQuotaError(error)) return new HeronError('EQUOTA', 'The disk is full, so Heron changed nothing.').toJSON();
  const detail = (error instanceof Error ? error.message : String(error)).slice(0, 300);
  return new HeronError('ESTORAGE', `Heron could not write to its store on this computer, so nothing was changed${detail ? ` (${detail})` : ''}.`).toJSON();
}

function isRequest(data: unknown): data is OrganizeRequest {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'organize';
}

/** Answers the window's organize requests, one at a time. Resolves `idle` when none is waiting. */
export function serveOrganize(db: HeronDb, endpoint: OrganizeEndpoint, now: () => number = Date.now): { idle(): Promise<void> } {
  let tail: Promise<void> = Promise.resolve();
  endpoint.addEventListener('message', (event) => {
    const data = event.data;
    if (!isRequest(data)) return;
    tail = tail.then(async () => {
      try {
        endpoint.postMessage({ type: 'organized', requestId: data.requestId, ok: true, value: await runOrganize(db, data.op, now()) });
      } catch (error) {
        endpoint.postMessage({ type: 'organized', requestId: data.requestId, ok: false, error: organizeError(error) });
      }
    });
  });
  return { idle: () => tail };
}
