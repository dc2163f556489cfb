import { useCallback, useState, type DragEvent, type MouseEvent } from 'react';
import { LOCAL_FOLDERS, type FolderKey, type LocalFolder } from '../../../../shared/model/message';
import { useUnreadCounts } from '../../data/hooks';
import type { AccountRow, FolderRow } from '../../data/rows';
import { useRovingFocus } from '../../ui/use-roving-focus';
import { useUi } from '../../state/ui-store';
import { useUndo } from '../../state/undo-store';
import { ContextMenu } from '../folders/ContextMenu';
import { currentMessageDrag, DRAG_TYPE } from '../folders/drag';
import { createFolder, deleteFolder, nestFolder, nestTargets, renameFolder } from '../folders/folder-actions';
import { MovePicker } from '../folders/MovePicker';
import { NameDialog } from '../folders/NameDialog';
import { countsOf, treeOf, useFolderData } from '../folders/use-folders';
import { folderTitle } from './folders';
import { FolderIcon } from './FolderIcon';
import '../folders/folders.css';

interface Entry {
  readonly accountId: string | null;
  readonly folder: FolderKey;
  readonly title: string;
  readonly depth: number;
  readonly unread: number | undefined;
  readonly custom?: FolderRow;
}

interface Group {
  readonly id: string;
  readonly title: string;
  /** Where "New folder" puts one: an account, Local Folders (null), or nowhere (the unified view of several accounts). */
  readonly owner: string | null | undefined;
  readonly entries: readonly Entry[];
}

type Dialog = { kind: 'create'; accountId: string | null; parent: FolderRow | null; where: string } | { kind: 'rename'; folder: FolderRow } | { kind: 'nest'; folder: FolderRow };

/** Drafts and the Outbox live by their own rules: nothing is dropped there. */
const DROPPABLE = (folder: FolderKey) => folder !== 'drafts' && folder !== 'outbox';

/** Folders for all accounts together, then per account, then Local Folders; one roving list for the keyboard. */
export function Sidebar({ accounts }: { accounts: readonly AccountRow[] }) {
  const selection = useUi((s) => s.folder);
  const route = useUi((s) => s.route);
  const selectFolder = useUi((s) => s.selectFolder);
  const navigate = useUi((s) => s.navigate);
  const counts = useUnreadCounts(accounts.map((a) => a.id));
  const data = useFolderData();
  const [menu, setMenu] = useState<{ folder: FolderRow; x: number; y: number } | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [dropOn, setDropOn] = useState<string | null>(null);

  const fixed = (accountId: string | null): Entry[] =>
    LOCAL_FOLDERS.map((folder) => ({
      accountId,
      folder,
      title: folderTitle(accountId, folder, accounts.length),
      depth: 0,
      unread: accountId === null ? counts?.all[folder] : counts?.byAccount[accountId]?.[folder],
    }));
  const custom = (owner: string | null): Entry[] =>
    treeOf(data.folders, owner).map(({ folder, depth }) => ({
      accountId: owner,
      folder: folder.id,
      title: folder.name,
      depth,
      unread: countsOf(data.counts, owner, folder.id).unread,
      custom: folder,
    }));
  const single = accounts.length === 1 ? accounts[0] : undefined;
  const groups: Group[] = [
    { id: 'all', title: single ? 'Folders' : 'All accounts', owner: single ? single.id : undefined, entries: [...fixed(null), ...(single ? custom(single.id) : [])] },
    ...(single ? [] : accounts.map((a) => ({ id: a.id, title: a.label, owner: a.id, entries: [...fixed(a.id), ...custom(a.id)] }))),
    { id: 'local', title: 'Local Folders', owner: null, entries: custom(null) },
  ];
  const flat = groups.flatMap((g) => g.entries);
  const exact = flat.findIndex((e) => e.folder === selection.folder && (e.custom ? true : e.accountId === selection.accountId));
  // With one account its fixed folders are shown once, as the unified ones.
  const selectedIndex = exact >= 0 || !single ? exact : flat.findIndex((e) => !e.custom && e.accountId === null && e.folder === selection.folder);
  const { itemProps } = useRovingFocus(flat.length, selectedIndex, useCallback(() => {}, []));

  const onDragOver = (e: DragEvent, entry: Entry) => {
    if (!currentMessageDrag() || !e.dataTransfer.types.includes(DRAG_TYPE) || !DROPPABLE(entry.folder)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = e.ctrlKey ? 'copy' : 'move';
    setDropOn(`${entry.accountId ?? '*'}:${entry.folder}`);
  };
  const onDrop = (e: DragEvent, entry: Entry) => {
    const drag = currentMessageDrag();
    setDropOn(null);
    if (!drag || !DROPPABLE(entry.folder)) return;
    e.preventDefault();
    drag.drop(entry.folder, entry.title, e.ctrlKey).catch((error: unknown) => useUndo.getState().say(error instanceof Error ? error.message : String(error), true));
  };
  const openMenu = (e: MouseEvent, folder: FolderRow | undefined) => {
    if (!folder) return;
    e.preventDefault();
    setMenu({ folder, x: e.clientX, y: e.clientY });
  };
  const fail = (error: unknown) => useUndo.getState().say(error instanceof Error ? error.message : String(error), true);

  let index = 0;
  return (
    <nav className="sidebar" aria-label="Folders">
      <div className="sidebar-scroll">
        {groups.map((group) => (
          <section key={group.id} className="folder-group" aria-labelledby={`group-${group.id}`}>
            <div className="folder-group-head">
              <h2 id={`group-${group.id}`} className="folder-group-title">
                {group.title}
              </h2>
              {group.owner !== undefined ? (
                <button
                  type="button"
                  className="folder-add"
                  aria-label={`New folder in ${group.title}`}
                  title={`New folder in ${group.title}`}
                  onClick={() => setDialog({ kind: 'create', accountId: group.owner ?? null, parent: null, where: group.title })}
                >
                  <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                    <path d="M8 3v10M3 8h10" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
                  </svg>
                </button>
              ) : null}
            </div>
            {group.entries.length === 0 ? <p className="folder-group-empty">No folders yet</p> : null}
            <ul className="folder-list">
              {group.entries.map((entry) => {
                const i = index++;
                const key = `${entry.accountId ?? '*'}:${entry.folder}`;
                const current = route.name === 'mail' && i === selectedIndex;
                return (
                  <li key={key}>
                    <button
                      type="button"
                      className={`folder${dropOn === key ? ' drop-target' : ''}`}
                      aria-current={current ? 'page' : undefined}
                      style={entry.depth > 0 ? { paddingLeft: 8 + entry.depth * 16 } : undefined}
                      onClick={() => selectFolder({ accountId: entry.accountId, folder: entry.folder })}
                      onContextMenu={(e) => openMenu(e, entry.custom)}
                      onDragOver={(e) => onDragOver(e, entry)}
                      onDragLeave={() => setDropOn((d) => (d === key ? null : d))}
                      onDrop={(e) => onDrop(e, entry)}
                      {...itemProps(i)}
                      onKeyDown={(e) => {
                        if (entry.custom && (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10'))) {
                          e.preventDefault();
                          const r = e.currentTarget.getBoundingClientRect();
                          setMenu({ folder: entry.custom, x: r.left + 24, y: r.bottom });
                          return;
                        }
                        // As in file managers: F2 renames, Delete deletes (undoable).
                        if (entry.custom && e.key === 'F2') {
                          e.preventDefault();
                          setDialog({ kind: 'rename', folder: entry.custom });
                          return;
                        }
                        if (entry.custom && e.key === 'Delete') {
                          e.preventDefault();
                          deleteFolder(entry.custom).catch(fail);
                          return;
                        }
                        itemProps(i).onKeyDown(e);
                      }}
                    >
                      <FolderIcon folder={entry.custom ? (entry.custom.role ?? 'custom') : (entry.folder as LocalFolder)} />
                      <span className="folder-name">{entry.title}</span>
                      {entry.unread ? (
                        <span className="badge">
                          {entry.unread}
                          <span className="visually-hidden"> unread</span>
                        </span>
                      ) : null}
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
      <div className="sidebar-footer">
        <button type="button" className="button button-quiet" onClick={() => navigate({ name: 'accounts/add' })}>
          <svg className="folder-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M8 3v10M3 8h10" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
          </svg>
          Add account
        </button>
        <button
          type="button"
          className="button button-quiet"
          aria-current={route.name === 'settings' ? 'page' : undefined}
          onClick={() => navigate({ name: 'settings' })}
        >
          Settings
        </button>
      </div>
      {menu ? (
        <ContextMenu
          label={`Folder ${menu.folder.name}`}
          x={menu.x}
          y={menu.y}
          onClose={() => setMenu(null)}
          items={[
            { label: 'New subfolder…', run: () => setDialog({ kind: 'create', accountId: menu.folder.accountId, parent: menu.folder, where: menu.folder.name }) },
            { label: 'Rename…', shortcut: 'F2', run: () => setDialog({ kind: 'rename', folder: menu.folder }) },
            { label: 'Move folder into…', run: () => setDialog({ kind: 'nest', folder: menu.folder }) },
            { label: 'Delete folder', shortcut: 'Del', run: () => void deleteFolder(menu.folder).catch(fail) },
          ]}
        />
      ) : null}
      {dialog?.kind === 'create' ? (
        <NameDialog
          title={`New folder in ${dialog.where}`}
          initial=""
          confirmLabel="Create folder"
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            const made = await createFolder(dialog.accountId, dialog.parent?.id ?? null, name);
            selectFolder({ accountId: made.accountId, folder: made.id });
          }}
        />
      ) : dialog?.kind === 'nest' ? (
        <MovePicker
          title={`Put “${dialog.folder.name}” in…`}
          targets={nestTargets(data.folders, dialog.folder, dialog.folder.accountId === null ? 'Local Folders' : (accounts.find((a) => a.id === dialog.folder.accountId)?.label ?? 'its account'))}
          onClose={() => setDialog(null)}
          onChoose={(t) => {
            setDialog(null);
            nestFolder(dialog.folder.id, t.parentId).catch(fail);
          }}
        />
      ) : dialog?.kind === 'rename' ? (
        <NameDialog title={`Rename “${dialog.folder.name}”`} initial={dialog.folder.name} confirmLabel="Rename" onClose={() => setDialog(null)} onSubmit={(name) => renameFolder(dialog.folder.id, name)} />
      ) : null}
    </nav>
  );
}
