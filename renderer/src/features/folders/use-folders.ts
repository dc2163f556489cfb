/**
 * The person's folders as the window shows them: the folder rows and their counters, live (a
 * move anywhere re-renders the pane), arranged as trees per account and under Local Folders.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { FolderKey } from '../../../../shared/model/message';
import { getDb } from '../../data/db';
import type { FolderCountRow } from '../../data/folder-counts';
import { foldersRepo } from '../../data/folders-repo';
import type { FolderRow } from '../../data/rows';

export interface FolderData {
  readonly folders: readonly FolderRow[];
  readonly counts: readonly FolderCountRow[];
}

const EMPTY: FolderData = { folders: [], counts: [] };

export function useFolderData(): FolderData {
  return (
    useLiveQuery(async () => {
      const db = getDb();
      const [folders, counts] = await Promise.all([foldersRepo(db).list(), db.folderCounts.toArray()]);
      return { folders, counts };
    }, []) ?? EMPTY
  );
}

/** A folder in a tree, with how deep it is nested. */
export interface TreeEntry {
  readonly folder: FolderRow;
  readonly depth: number;
  /** Its names from the top, as pickers show and type-ahead finds them ("Projects / Heron"). */
  readonly path: string;
}

/** The folders of one account (or Local Folders: null), depth first, siblings by name. */
export function treeOf(all: readonly FolderRow[], accountId: string | null): TreeEntry[] {
  const mine = all.filter((f) => f.accountId === accountId);
  const out: TreeEntry[] = [];
  const walk = (parentId: string | null, depth: number, above: string) => {
    const children = mine.filter((f) => f.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name));
    for (const f of children) {
      const path = above ? `${above} / ${f.name}` : f.name;
      out.push({ folder: f, depth, path });
      walk(f.id, depth + 1, path);
    }
  };
  walk(null, 0, '');
  return out;
}

/** Unread and total of a folder: one account's, or every account's for Local Folders and unified views. */
export function countsOf(counts: readonly FolderCountRow[], accountId: string | null, folder: FolderKey): { unread: number; total: number } {
  let unread = 0;
  let total = 0;
  for (const c of counts) {
    if (c.folder !== folder || (accountId !== null && c.accountId !== accountId)) continue;
    unread += c.unread;
    total += c.total;
  }
  return { unread, total };
}
