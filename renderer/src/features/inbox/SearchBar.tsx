import type { KeyboardEvent, RefObject } from 'react';
import type { SearchOrder } from '../../data/search/run-search';

export type QuickFilter = 'unread' | 'starred' | 'attachment';

/** The operator each quick filter adds to the query. */
export const QUICK_FILTERS: ReadonlyArray<{ readonly key: QuickFilter; readonly label: string; readonly operator: string }> = [
  { key: 'unread', label: 'Unread', operator: 'is:unread' },
  { key: 'starred', label: 'Starred', operator: 'is:starred' },
  { key: 'attachment', label: 'Attachments', operator: 'has:attachment' },
];

export interface SearchSettings {
  readonly text: string;
  /** Every folder of every account, or the folder shown. */
  readonly everywhere: boolean;
  readonly order: SearchOrder;
  readonly quick: ReadonlySet<QuickFilter>;
}

export const NO_SEARCH: SearchSettings = { text: '', everywhere: false, order: 'newest', quick: new Set() };

/** The query the index runs: the words typed, then the quick filters' operators. */
export function queryOf(s: SearchSettings): string {
  return [s.text.trim(), ...QUICK_FILTERS.filter((f) => s.quick.has(f.key)).map((f) => f.operator)].filter((p) => p !== '').join(' ');
}

interface Props {
  readonly settings: SearchSettings;
  readonly folderName: string;
  readonly recent: readonly string[];
  readonly inputRef: RefObject<HTMLInputElement | null>;
  onChange(settings: SearchSettings): void;
  /** Enter: the search is one to remember. */
  onCommit(): void;
  /** Esc: back to the folder. */
  onClear(): void;
}

/** The search field above the list, where to look, in what order, and the quick filters. */
export function SearchBar({ settings, folderName, recent, inputRef, onChange, onCommit, onClear }: Props) {
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClear();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      onCommit();
    }
  };
  return (
    <div className="search-bar" role="search">
      <input
        ref={inputRef}
        type="search"
        className="list-search"
        placeholder="Search mail: words, from:, &quot;a phrase&quot;, is:unread…"
        title="Words, &quot;a phrase&quot;, prefix*, from: to: subject: has:attachment is:unread is:starred before: after: in: account: (/ or Ctrl+K)"
        aria-label="Search mail (/ or Ctrl+K)"
        list="recent-searches"
        value={settings.text}
        onChange={(e) => onChange({ ...settings, text: e.target.value })}
        onKeyDown={onKeyDown}
      />
      <datalist id="recent-searches">
        {recent.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <div className="search-options">
        <label>
          <span className="visually-hidden">Where to search</span>
          <select value={settings.everywhere ? 'all' : 'folder'} onChange={(e) => onChange({ ...settings, everywhere: e.target.value === 'all' })}>
            <option value="folder">In {folderName}</option>
            <option value="all">All folders and accounts</option>
          </select>
        </label>
        {/* The order of results means something only while there are results; the folder has its own sort. */}
        {queryOf(settings) !== '' ? (
          <label>
            <span className="visually-hidden">Order of results</span>
            <select value={settings.order} onChange={(e) => onChange({ ...settings, order: e.target.value === 'relevance' ? 'relevance' : 'newest' })}>
              <option value="newest">Newest first</option>
              <option value="relevance">Best match first</option>
            </select>
          </label>
        ) : null}
        {QUICK_FILTERS.map((f) => (
          <button
            key={f.key}
            type="button"
            className="button button-quiet search-quick"
            aria-pressed={settings.quick.has(f.key)}
            onClick={() => {
              const quick = new Set(settings.quick);
              if (quick.has(f.key)) quick.delete(f.key);
              else quick.add(f.key);
              onChange({ ...settings, quick });
            }}
          >
            {f.label}
          </button>
        ))}
      </div>
    </div>
  );
}
