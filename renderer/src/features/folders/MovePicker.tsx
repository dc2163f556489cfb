import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { FolderKey, LocalFolder } from '../../../../shared/model/message';
import type { AccountRow, FolderRow } from '../../data/rows';
import { FOLDER_NAMES } from '../shell/folders';
import { FolderIcon, type FolderIconKind } from '../shell/FolderIcon';
import { treeOf } from './use-folders';

/** One choice in a picker. */
export interface PickerOption {
  readonly key: string;
  /** The folder's path as typed to find it ("Projects / Heron"). */
  readonly name: string;
  /** Whose folder it is, when that is not obvious. */
  readonly where: string;
  readonly icon: FolderIconKind;
}

/** A folder messages can be filed in. */
export interface PickerTarget extends PickerOption {
  readonly folder: FolderKey;
}

/** Each message's own account's folder of that kind. */
const FIXED_TARGETS: readonly LocalFolder[] = ['inbox', 'sent', 'trash'];

/** What a picker offers: the fixed folders, the accounts' own folders, then Local Folders'. */
export function pickerTargets(accounts: readonly AccountRow[], folders: readonly FolderRow[], exclude: FolderKey): PickerTarget[] {
  const fixed = FIXED_TARGETS.map((f): PickerTarget => ({ key: f, folder: f, name: FOLDER_NAMES[f], where: '', icon: f }));
  const trees = [...accounts.map((a) => ({ owner: a.id as string | null, where: accounts.length > 1 ? a.label : '' })), { owner: null, where: 'Local Folders' }].flatMap(({ owner, where }) => {
    return treeOf(folders, owner).map(({ folder, path }): PickerTarget => ({ key: folder.id, folder: folder.id, name: path, where, icon: folder.role ?? 'custom' }));
  });
  return [...fixed, ...trees].filter((t) => t.folder !== exclude);
}

/** Typed text narrows the list: names that start with it first, then those containing it anywhere. */
export function matchTargets<T extends PickerOption>(targets: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...targets];
  const starts: T[] = [];
  const contains: T[] = [];
  for (const t of targets) {
    const words = `${t.name} ${t.where}`.toLowerCase();
    const last = t.name.toLowerCase().split(' / ').pop() ?? '';
    if (last.startsWith(q) || t.name.toLowerCase().startsWith(q)) starts.push(t);
    else if (words.includes(q)) contains.push(t);
  }
  return [...starts, ...contains];
}

/** "Move to…" / "Copy to…": a type-ahead list of folders (the `m` key, the context menu, the toolbar, nesting a folder). */
export function MovePicker<T extends PickerOption>({ title, targets, onChoose, onClose }: { title: string; targets: readonly T[]; onChoose(target: T): void; onClose(): void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => matchTargets(targets, query), [targets, query]);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [query]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(shown.length - 1, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (e.key === 'Enter') {
      const t = shown[active];
      if (t) onChoose(t);
    } else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="modal-title">
          {title}
        </h2>
        <input
          ref={input}
          role="combobox"
          aria-label="Folder name"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={shown[active] ? `${id}-opt-${active}` : undefined}
          placeholder="Type a folder’s name"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <ul id={`${id}-list`} className="move-picker-list" role="listbox" aria-label="Folders">
          {shown.length === 0 ? <li className="move-picker-empty">No folder is named like “{query.trim()}”.</li> : null}
          {shown.map((t, i) => (
            <li
              key={t.key}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className="move-picker-option"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onChoose(t)}
            >
              <FolderIcon folder={t.icon} />
              <span>{t.name}</span>
              {t.where ? <span className="picker-where">{t.where}</span> : null}
            </li>
          ))}
        </ul>
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
