/** What the folder pane's menu does, through the store worker (organize.ts); a deleted folder can be undone. */
import type { CustomFolderId } from '../../../../shared/model/message';
import { subtreeOf } from '../../data/folders-repo';
import type { FolderRow } from '../../data/rows';
import { organize } from '../../data/store/organize-client';
import { useUi } from '../../state/ui-store';
import { useUndo } from '../../state/undo-store';
import { countText } from '../inbox/use-list-actions';
import type { PickerOption } from './MovePicker';
import { treeOf } from './use-folders';

export async function createFolder(accountId: string | null, parentId: CustomFolderId | null, name: string): Promise<FolderRow> {
  return organize({ op: 'create-folder', folder: { accountId, parentId, name } });
}

export async function renameFolder(id: CustomFolderId, name: string): Promise<void> {
  await organize({ op: 'rename-folder', id, name });
}

export async function nestFolder(id: CustomFolderId, parentId: CustomFolderId | null): Promise<void> {
  await organize({ op: 'nest-folder', id, parentId });
}

/** Where a folder can be put: the top of its account (or Local Folders), or any folder there outside its own subtree. */
export function nestTargets(all: readonly FolderRow[], folder: FolderRow, top: string): Array<PickerOption & { parentId: CustomFolderId | null }> {
  const inside = new Set(subtreeOf(all, folder.id).map((f) => f.id));
  const options = treeOf(all, folder.accountId).flatMap(({ folder: f, path }) =>
    inside.has(f.id) || f.id === folder.parentId ? [] : [{ key: f.id, parentId: f.id, name: path, where: '', icon: f.role ?? ('custom' as const) }],
  );
  return [...(folder.parentId === null ? [] : [{ key: 'top', parentId: null, name: `${top} (top level)`, where: '', icon: 'custom' as const }]), ...options];
}

/** Deletes the folder and its subfolders; their mail goes to Trash. The list leaves a folder that is gone. */
export async function deleteFolder(folder: FolderRow): Promise<void> {
  const record = await organize({ op: 'delete-folder', id: folder.id });
  const n = record.kind === 'delete-folder' ? record.moved.length : 0;
  const gone = record.kind === 'delete-folder' ? new Set<string>(record.folders.map((f) => f.id)) : new Set<string>();
  useUndo.getState().push(`Folder “${folder.name}” deleted, ${countText(n)} moved to Trash`, record);
  const ui = useUi.getState();
  if (gone.has(ui.folder.folder)) ui.selectFolder({ accountId: folder.accountId, folder: 'trash' });
}
