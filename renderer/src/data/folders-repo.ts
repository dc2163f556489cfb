/**
 * The person's own folders (`folders`, rows.ts FolderRow): per account, or under Local Folders
 * (accountId null). A message names its folder in `folder`; a folder's counters are the usual
 * `folderCounts` rows (folder-counts.ts), so nothing here counts.
 *
 * Other features make folders through `ensureFolder` (the importer's labels, the Archive): it answers the id of the folder at a path, making what is missing, so
 * calling it twice makes nothing twice. The table is small (a person's folders): it is read whole.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { CustomFolderId, FolderKey } from '../../../shared/model/message';
import { FIXED_FOLDER_NAMES, isCustomFolder, LOCAL_FOLDERS } from '../../../shared/model/message';
import type { HeronDb } from './db';
import type { FolderRow } from './rows';

/** The separator of `ensureFolder` paths ("Archive/2024"); a folder's own name cannot hold it. */
export const PATH_SEPARATOR = '/';
const MAX_NAME = 200;

/** A name as stored, or the reason it cannot be one. */
export function checkFolderName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new HeronError('EINVALID', 'A folder needs a name.', { detail: { field: 'name' } });
  if (trimmed.includes(PATH_SEPARATOR)) throw new HeronError('EINVALID', `A folder’s name cannot contain “${PATH_SEPARATOR}”.`, { detail: { field: 'name' } });
  if (trimmed.length > MAX_NAME) throw new HeronError('EINVALID', `A folder’s name can be at most ${MAX_NAME} characters long.`, { detail: { field: 'name' } });
  // Control characters would make names that look alike and are not.
  if (/\p{Cc}/u.test(trimmed)) throw new HeronError('EINVALID', 'A folder’s name cannot contain control characters.', { detail: { field: 'name' } });
  return trimmed;
}

/** Names compare as a person reads them: "Receipts" and "receipts" are the same folder. */
function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

/**
 * At the top of an account (and of Local Folders) a fixed folder's name is taken: a person sees
 * one Junk, one Trash, never a second of their own beside it.
 */
function checkNotFixed(parentId: CustomFolderId | null, name: string): void {
  if (parentId !== null || !LOCAL_FOLDERS.some((f) => sameName(FIXED_FOLDER_NAMES[f], name))) return;
  const fixed = LOCAL_FOLDERS.map((f) => FIXED_FOLDER_NAMES[f]).join(', ');
  throw new HeronError('EINVALID', `“${name}” is already one of your folders (${fixed}); choose another name.`, { detail: { field: 'name' } });
}

function newFolderId(): CustomFolderId {
  return `f:${crypto.randomUUID()}`;
}

/** The folder and every folder nested in it, the folder first. */
export function subtreeOf(all: readonly FolderRow[], id: CustomFolderId): FolderRow[] {
  const root = all.find((f) => f.id === id);
  if (!root) return [];
  const out: FolderRow[] = [root];
  for (let i = 0; i < out.length; i++) {
    const parent = out[i]?.id;
    out.push(...all.filter((f) => f.parentId === parent));
  }
  return out;
}

/** A folder's path from the top of its account ("Archive/2024"), for pickers and words. */
export function pathOf(all: readonly FolderRow[], id: CustomFolderId): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let f = all.find((x) => x.id === id); f && !seen.has(f.id); f = all.find((x) => x.id === f?.parentId)) {
    seen.add(f.id);
    names.unshift(f.name);
  }
  return names;
}

function siblingNamed(all: readonly FolderRow[], accountId: string | null, parentId: CustomFolderId | null, name: string, except?: string): FolderRow | undefined {
  return all.find((f) => f.accountId === accountId && f.parentId === parentId && f.id !== except && sameName(f.name, name));
}

function taken(name: string): HeronError {
  return new HeronError('EINVALID', `There is already a folder named “${name}” there.`, { detail: { field: 'name' } });
}

async function folderOrFail(db: HeronDb, id: string): Promise<FolderRow> {
  const row = await db.folders.get(id);
  if (!row) throw new HeronError('ENOTFOUND', 'That folder no longer exists.');
  return row;
}

export interface NewFolder {
  readonly accountId: string | null;
  readonly parentId: CustomFolderId | null;
  readonly name: string;
  readonly role?: FolderRow['role'];
}

/**
 * Folders are written in the store worker (organize.ts); these take the database so other store
 * code (an import, the junk filter) can call them inside its own transaction.
 */
export function foldersRepo(db: HeronDb) {
  const repo = {
    list(): Promise<FolderRow[]> {
      return db.folders.toArray();
    },

    /** A new folder; its name must be free among its siblings, its parent in the same account. */
    async create(folder: NewFolder, now: number): Promise<FolderRow> {
      const name = checkFolderName(folder.name);
      return db.transaction('rw', db.folders, async () => {
        const all = await db.folders.toArray();
        if (folder.parentId !== null) {
          const parent = all.find((f) => f.id === folder.parentId);
          if (!parent) throw new HeronError('ENOTFOUND', 'The folder to put it in no longer exists.');
          if (parent.accountId !== folder.accountId) throw new HeronError('EINVALID', 'A folder is nested only inside a folder of the same account.');
        }
        checkNotFixed(folder.parentId, name);
        if (siblingNamed(all, folder.accountId, folder.parentId, name)) throw taken(name);
        const row: FolderRow = { id: newFolderId(), accountId: folder.accountId, parentId: folder.parentId, name, createdAt: now, ...(folder.role ? { role: folder.role } : {}) };
        await db.folders.add(row);
        return row;
      });
    },

    async rename(id: CustomFolderId, newName: string): Promise<void> {
      const name = checkFolderName(newName);
      await db.transaction('rw', db.folders, async () => {
        const row = await folderOrFail(db, id);
        checkNotFixed(row.parentId, name);
        if (siblingNamed(await db.folders.toArray(), row.accountId, row.parentId, name, id)) throw taken(name);
        await db.folders.put({ ...row, name });
      });
    },

    /** Nests a folder in another of the same account (null: to the top), never inside itself. */
    async nest(id: CustomFolderId, parentId: CustomFolderId | null): Promise<void> {
      await db.transaction('rw', db.folders, async () => {
        const all = await db.folders.toArray();
        const row = all.find((f) => f.id === id);
        if (!row) throw new HeronError('ENOTFOUND', 'That folder no longer exists.');
        if (parentId !== null) {
          const parent = all.find((f) => f.id === parentId);
          if (!parent) throw new HeronError('ENOTFOUND', 'The folder to put it in no longer exists.');
          if (parent.accountId !== row.accountId) throw new HeronError('EINVALID', 'A folder can only be nested inside a folder of the same account.');
          if (subtreeOf(all, id).some((f) => f.id === parentId)) throw new HeronError('EINVALID', `“${row.name}” cannot be put inside itself.`);
        }
        checkNotFixed(parentId, row.name);
        if (siblingNamed(all, row.accountId, parentId, row.name, id)) throw taken(row.name);
        await db.folders.put({ ...row, parentId });
      });
    },

    /**
     * The folder at `path` (names, or one string split at "/") under an account or Local Folders,
     * made with its missing parents. `role` marks a folder this call makes at the end of the path.
     */
    async ensure(accountId: string | null, path: string | readonly string[], now: number, role?: FolderRow['role']): Promise<CustomFolderId> {
      const names = (typeof path === 'string' ? path.split(PATH_SEPARATOR) : [...path]).map(checkFolderName);
      if (names.length === 0) throw new HeronError('EINVALID', 'A folder needs a name.', { detail: { field: 'name' } });
      checkNotFixed(null, names[0] ?? '');
      return db.transaction('rw', db.folders, async () => {
        const all = await db.folders.toArray();
        let parentId: CustomFolderId | null = null;
        for (const [i, name] of names.entries()) {
          let found = siblingNamed(all, accountId, parentId, name);
          if (!found) {
            const last = i === names.length - 1;
            found = { id: newFolderId(), accountId, parentId, name, createdAt: now, ...(last && role ? { role } : {}) };
            await db.folders.add(found);
            all.push(found);
          }
          parentId = found.id;
        }
        if (parentId === null) throw new HeronError('EINTERNAL', 'No folder was found or made.');
        return parentId;
      });
    },

    /** Whether a message of `accountId` may be put in `folder` (a fixed folder, its account's, or Local Folders'). */
    async accepts(folder: FolderKey, accountId: string): Promise<boolean> {
      if (!isCustomFolder(folder)) return true;
      const row = await db.folders.get(folder);
      return row !== undefined && (row.accountId === null || row.accountId === accountId);
    },
  };
  return repo;
}

/** For other features: the id of the folder at `path` (made if missing). See foldersRepo.ensure. */
export function ensureFolder(db: HeronDb, accountId: string | null, path: string | readonly string[], options: { now?: number; role?: FolderRow['role'] } = {}): Promise<CustomFolderId> {
  return foldersRepo(db).ensure(accountId, path, options.now ?? Date.now(), options.role);
}
