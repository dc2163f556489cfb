import { useCallback } from 'react';
import { LOCAL_FOLDERS, type LocalFolder } from '../../../../shared/model/message';
import { useUnreadCounts } from '../../data/hooks';
import type { AccountRow } from '../../data/rows';
import { useRovingFocus } from '../../ui/use-roving-focus';
import { useUi } from '../../state/ui-store';
import { folderTitle } from './folders';
import { FolderIcon } from './FolderIcon';

interface Entry {
  readonly accountId: string | null;
  readonly folder: LocalFolder;
}

/** Folders for all accounts together, then per account; one roving list for the keyboard. */
export function Sidebar({ accounts }: { accounts: readonly AccountRow[] }) {
  const selection = useUi((s) => s.folder);
  const route = useUi((s) => s.route);
  const selectFolder = useUi((s) => s.selectFolder);
  const navigate = useUi((s) => s.navigate);
  const counts = useUnreadCounts(accounts.map((a) => a.id));

  const groups: { id: string; title: string; entries: Entry[] }[] = [
    { id: 'all', title: accounts.length > 1 ? 'All accounts' : 'Folders', entries: LOCAL_FOLDERS.map((folder) => ({ accountId: null, folder })) },
    ...(accounts.length > 1
      ? accounts.map((a) => ({ id: a.id, title: a.label, entries: LOCAL_FOLDERS.map((folder) => ({ accountId: a.id, folder })) }))
      : []),
  ];
  const flat = groups.flatMap((g) => g.entries);
  const selectedIndex = flat.findIndex((e) => e.accountId === selection.accountId && e.folder === selection.folder);
  const { itemProps } = useRovingFocus(flat.length, selectedIndex, useCallback(() => {}, []));

  let index = 0;
  return (
    <nav className="sidebar" aria-label="Folders">
      <div className="sidebar-scroll">
        {groups.map((group) => (
          <section key={group.id} className="folder-group" aria-labelledby={`group-${group.id}`}>
            <h2 id={`group-${group.id}`} className="folder-group-title">
              {group.title}
            </h2>
            <ul className="folder-list">
              {group.entries.map((entry) => {
                const i = index++;
                const unread =
                  entry.accountId === null ? counts?.all[entry.folder] : counts?.byAccount[entry.accountId]?.[entry.folder];
                const current = route.name === 'mail' && i === selectedIndex;
                const title = folderTitle(entry.accountId, entry.folder, accounts.length);
                return (
                  <li key={`${entry.accountId ?? '*'}:${entry.folder}`}>
                    <button
                      type="button"
                      className="folder"
                      aria-current={current ? 'page' : undefined}
                      onClick={() => selectFolder(entry)}
                      {...itemProps(i)}
                    >
                      <FolderIcon folder={entry.folder} />
                      <span className="folder-name">{title}</span>
                      {unread ? (
                        <span className="badge">
                          {unread}
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
    </nav>
  );
}
