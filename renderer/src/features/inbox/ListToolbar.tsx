import type { FolderKey } from '../../../../shared/model/message';
import type { ListSort } from '../../data/message-list-repo';
import { LineIcon } from '../../ui/LineIcon';
import { MenuButton, type MenuEntry } from '../../ui/MenuButton';
import { GetMailButton } from '../fetch/GetMailButton';
import { FOLDER_ICON_PATHS } from '../shell/FolderIcon';

interface Props {
  readonly folder: FolderKey;
  readonly accountIds: readonly string[];
  readonly hasSelection: boolean;
  readonly sort: ListSort;
  readonly threads: boolean;
  /** The folder's order (a search has its own, in the search bar). */
  readonly showSort: boolean;
  onSort(sort: ListSort): void;
  onThreads(on: boolean): void;
  onToggleRead(): void;
  onToggleStar(): void;
  onDelete(): void;
  onRestore(): void;
  onEmptyTrash(): void;
  onMove(): void;
  onArchive(): void;
  /** Exports the selected messages as one mbox file (main asks where). */
  onExport(): void;
}

const SORTS: ReadonlyArray<{ label: string; sort: ListSort }> = [
  { label: 'Newest first', sort: { key: 'date', dir: 'desc' } },
  { label: 'Oldest first', sort: { key: 'date', dir: 'asc' } },
  { label: 'Sender A–Z', sort: { key: 'from', dir: 'asc' } },
  { label: 'Sender Z–A', sort: { key: 'from', dir: 'desc' } },
  { label: 'Subject A–Z', sort: { key: 'subject', dir: 'asc' } },
  { label: 'Subject Z–A', sort: { key: 'subject', dir: 'desc' } },
];

const ICONS = {
  read: 'M2 4h12v8H2zM2 4l6 5 6-5',
  star: 'M8 2.2l1.75 3.6 3.95.55-2.85 2.8.7 3.95L8 11.25 4.45 13.1l.7-3.95-2.85-2.8 3.95-.55z',
  archive: FOLDER_ICON_PATHS.archive,
  trash: FOLDER_ICON_PATHS.trash,
  forever: 'M3 4h10M6 4V2.5h4V4M4.5 4l.7 9.5h5.6l.7-9.5M6.5 7.5l3 3M9.5 7.5l-3 3',
  restore: 'M3.5 6.5h6.5a3 3 0 010 6H6.5M3.5 6.5L6 4M3.5 6.5L6 9',
  move: 'M2 4.5V13h12V6H8L6.5 4.5zM5.5 9.5h5M8.5 7.5l2 2-2 2',
  more: 'M3.5 8h.01M8 8h.01M12.5 8h.01',
};

/** An action shown as its icon: the name is read out, the title shows it with its key. */
function IconButton({ label, title, icon, disabled, onClick }: { label: string; title: string; icon: string; disabled: boolean; onClick(): void }) {
  return (
    <button type="button" className="button button-quiet icon-button" aria-label={label} title={title} disabled={disabled} onClick={onClick}>
      <LineIcon path={icon} />
    </button>
  );
}

/**
 * Get mail and what is done most to the selection, as icons on one line; the rest (export, empty
 * Trash, conversations, the order) in the More menu.
 */
export function ListToolbar(p: Props) {
  const none = !p.hasSelection;
  const trash = p.folder === 'trash';
  const more: MenuEntry[] = [
    ...(trash ? [{ kind: 'command' as const, label: 'Empty Trash', run: p.onEmptyTrash }] : []),
    { kind: 'command', label: 'Export…', disabled: none, run: p.onExport },
    { kind: 'check', label: 'Conversations', checked: p.threads, run: () => p.onThreads(!p.threads) },
    ...(p.showSort
      ? [
          {
            kind: 'choices' as const,
            label: 'Sort by',
            options: SORTS.map((s) => ({ label: s.label, checked: s.sort.key === p.sort.key && s.sort.dir === p.sort.dir, run: () => p.onSort(s.sort) })),
          },
        ]
      : []),
  ];
  return (
    <div className="list-toolbar" role="toolbar" aria-label="Message actions">
      <GetMailButton accountIds={p.accountIds} />
      <span className="list-toolbar-actions">
        <IconButton label="Read/Unread" title="Mark read or unread (u)" icon={ICONS.read} disabled={none} onClick={p.onToggleRead} />
        <IconButton label="Star" title="Star (s)" icon={ICONS.star} disabled={none} onClick={p.onToggleStar} />
        {trash ? (
          <>
            <IconButton label="Restore" title="Restore to where it was" icon={ICONS.restore} disabled={none} onClick={p.onRestore} />
            <IconButton label="Delete for good" title="Delete for good (Delete)" icon={ICONS.forever} disabled={none} onClick={p.onDelete} />
          </>
        ) : (
          <>
            <IconButton label="Archive" title="Archive (a)" icon={ICONS.archive} disabled={none} onClick={p.onArchive} />
            <IconButton label="Delete" title="Move to Trash (Delete)" icon={ICONS.trash} disabled={none} onClick={p.onDelete} />
          </>
        )}
        <IconButton label="Move to…" title="Move to another folder (m)" icon={ICONS.move} disabled={none} onClick={p.onMove} />
      </span>
      <MenuButton label="More" title="More actions, conversations and order" entries={more}>
        <LineIcon path={ICONS.more} />
        <span>More</span>
      </MenuButton>
    </div>
  );
}
