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
import { archiveMessages, copyMessages, deleteFolder, moveMessages, restoreFromTrash, undo, type UndoRecord } from '../move-messages';
import type { FolderRow } from '../rows';
import { settingsRepo } from '../settings-repo';
import { retryUndownloaded } from '../fetch-store';
import { askServer, type AskResult } from '../server-asks';
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
  | { readonly op: 'undo'; readonly record: UndoRecord }
  | { readonly op: 'ask-server'; readonly accountId: string; readonly localIds: readonly string[]; readonly action: 'delete' | 'download'; readonly confirmedGone: boolean }
  | { readonly op: 'retry-undownloaded'; readonly accountId: string };

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
  'ask-server': AskResult;
  'retry-undownloaded': number;
}

export type OrganizeRequest = { readonly type: 'organize'; readonly requestId: number; readonly op: OrganizeOp };
export type OrganizeAnswer =
  | { readonly type: 'organized'; readonly requestId: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'organized'; readonly requestId: number; readonly ok: false; readonly error: SerializedError };

/** Where each of these messages is now. */
async function foldersOf(db: HeronDb, ids: readonly string[]): Promise<Map<string, FolderKey>> {
  const rows = await db.messages.bulkGet([...new Set(ids)]);
  return new Map(rows.flatMap((r) => (r ? [[r.id, r.folder] as const] : [])));
}

/**
 * Trains the junk filter on messages that went into or out of Junk (issue 19), as "Junk" / "Not
 * junk" do, whichever way they moved: a move, the archive, a restore from Trash, an undo.
 */
async function trainOnMoves(db: HeronDb, before: ReadonlyMap<string, FolderKey>, now: number): Promise<void> {
  const after = await foldersOf(db, [...before.keys()]);
  const byRoute = new Map<string, { from: FolderKey; to: FolderKey; ids: string[] }>();
  for (const [id, from] of before) {
    const to = after.get(id);
    if (to === undefined || to === from || (from !== 'junk' && to !== 'junk')) continue;
    const route = byRoute.get(`${from}>${to}`) ?? { from, to, ids: [] };
    route.ids.push(id);
    byRoute.set(`${from}>${to}`, route);
  }
  const junk = junkRepo(db);
  for (const { from, to, ids } of byRoute.values()) await junk.trainOnMove(ids, from, to, now);
}

/** The messages an operation may carry into or out of Junk. */
function movedBy(op: OrganizeOp): readonly string[] {
  switch (op.op) {
    case 'move':
    case 'archive':
    case 'restore':
      return op.ids;
    case 'undo':
      return op.record.kind === 'copy' ? [] : op.record.moved.map((m) => m.id);
    default:
      return [];
  }
}

export async function runOrganize(db: HeronDb, op: OrganizeOp, now: number): Promise<unknown> {
  const ids = movedBy(op);
  if (ids.length === 0) return organizeOnce(db, op, now);
  const before = await foldersOf(db, ids);
  const answer = await organizeOnce(db, op, now);
  await trainOnMoves(db, before, now);
  return answer;
}

async function organizeOnce(db: HeronDb, op: OrganizeOp, now: number): Promise<unknown> {
  switch (op.op) {
    case 'move':
      return moveMessages(db, op.ids, op.to, now);
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
    case 'ask-server':
      return askServer(db, op.accountId, op.localIds, op.action, { confirmedGone: op.confirmedGone }, now);
    case 'retry-undownloaded':
      return retryUndownloaded(db, op.accountId);
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
