import type { FolderKey } from '../../../../shared/model/message';
import type { ListSort } from '../../data/message-list-repo';
import type { SortKey } from '../../data/sort-state';
import { GetMailButton } from '../fetch/GetMailButton';

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

const SORTS: ReadonlyArray<{ value: string; label: string; sort: ListSort }> = [
  { value: 'date-desc', label: 'Newest first', sort: { key: 'date', dir: 'desc' } },
  { value: 'date-asc', label: 'Oldest first', sort: { key: 'date', dir: 'asc' } },
  { value: 'from-asc', label: 'Sender A–Z', sort: { key: 'from', dir: 'asc' } },
  { value: 'from-desc', label: 'Sender Z–A', sort: { key: 'from', dir: 'desc' } },
  { value: 'subject-asc', label: 'Subject A–Z', sort: { key: 'subject', dir: 'asc' } },
  { value: 'subject-desc', label: 'Subject Z–A', sort: { key: 'subject', dir: 'desc' } },
];

/** Get mail, what to do with the selection, and the order (a search has its own). */
export function ListToolbar(p: Props) {
  const current = `${p.sort.key}-${p.sort.dir}`;
  return (
    <div className="list-toolbar" role="toolbar" aria-label="Message actions">
      <GetMailButton accountIds={p.accountIds} />
      <button type="button" className="button button-quiet" disabled={!p.hasSelection} onClick={p.onToggleRead} title="Mark read or unread (u)">
        Read/Unread
      </button>
      <button type="button" className="button button-quiet" disabled={!p.hasSelection} onClick={p.onToggleStar} title="Star (s)">
        Star
      </button>
      {p.folder === 'trash' ? (
        <>
          <button type="button" className="button button-quiet" disabled={!p.hasSelection} onClick={p.onRestore}>
            Restore
          </button>
          <button type="button" className="button button-quiet" disabled={!p.hasSelection} onClick={p.onDelete} title="Delete for good (Delete)">
            Delete for good
          </button>
          <button type="button" className="button button-quiet" onClick={p.onEmptyTrash}>
            Empty Trash
          </button>
        </>
      ) : (
        <>
          <button type="button" className="button button-quiet" disabled={!p.hasSelection} onClick={p.onArchive} title="Archive (a)">
            Archive
          </button>
          <button type="button" className="button button-quiet" disabled={!p.hasSelection} onClick={p.onDelete} title="Move to Trash (Delete)">
            Delete
          </button>
        </>
      )}
      <button type="button" className="button button-quiet" disabled={!p.hasSelection} onClick={p.onExport} title="Export the selected messages as an mbox file">
        Export…
      </button>
      <button type="button" className="button button-quiet" disabled={!p.hasSelection} onClick={p.onMove} title="Move to another folder (m)">
        Move to…
      </button>
      <button type="button" className="button button-quiet" aria-pressed={p.threads} onClick={() => p.onThreads(!p.threads)} title="Group messages into conversations">
        Conversations
      </button>
      {p.showSort ? (
        <label className="list-sort">
          <span className="visually-hidden">Sort by</span>
          <select
            value={current}
            onChange={(e) => {
              const found = SORTS.find((s) => s.value === e.target.value);
              if (found) p.onSort(found.sort);
            }}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </div>
  );
}

export type { SortKey };
