import { FIXED_FOLDER_NAMES, isCustomFolder, type FolderKey, type LocalFolder } from '../../../../shared/model/message';
import { pathOf } from '../../data/folders-repo';
import type { FolderRow } from '../../data/rows';

export const FOLDER_NAMES: Readonly<Record<LocalFolder, string>> = FIXED_FOLDER_NAMES;

/** With several accounts, the combined Inbox has its own, familiar name; a folder the person made shows its path. */
export function folderTitle(accountId: string | null, folder: FolderKey, accountCount: number, folders: readonly FolderRow[] = []): string {
  if (isCustomFolder(folder)) {
    const path = pathOf(folders, folder);
    return path.length > 0 ? path.join(' / ') : 'A deleted folder';
  }
  return accountId === null && folder === 'inbox' && accountCount > 1 ? 'Unified Inbox' : FOLDER_NAMES[folder];
}
