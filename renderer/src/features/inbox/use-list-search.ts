/**
 * The list's search: what is typed and chosen in the search bar, the query it settles to, the
 * answer, the words the reader highlights, the searches remembered, and the keys that reach the
 * search field (`/` outside a text field, Ctrl+K anywhere but the message editor).
 */
import { useEffect, useRef, useState } from 'react';
import { saveSetting, useSetting } from '../../data/hooks';
import type { FolderRef } from '../../data/messages-repo';
import { log } from '../../log/logger';
import { useUi } from '../../state/ui-store';
import { NO_SEARCH, queryOf, type SearchSettings } from './SearchBar';
import { SEARCH_DELAY_MS, useDebounced, useSearch } from './use-search';

/** Searches remembered for the search field. */
export const RECENT_SEARCHES = 10;

export function useListSearch(folder: FolderRef) {
  const [settings, setSettings] = useState<SearchSettings>(NO_SEARCH);
  const setSearchHighlight = useUi((s) => s.setSearchHighlight);
  const recent = useSetting('recentSearches') ?? [];
  const inputRef = useRef<HTMLInputElement>(null);

  const query = useDebounced(queryOf(settings), SEARCH_DELAY_MS);
  const searching = query !== '';
  const request = searching
    ? {
        query,
        scope: settings.everywhere ? { accountId: null, folder: null } : { accountId: folder.accountId, folder: folder.folder },
        order: settings.order,
      }
    : null;
  const { answer } = useSearch(request);
  const results = !searching ? null : answer === undefined ? undefined : answer.ok ? answer.ids : [];
  const error = searching && answer !== undefined && !answer.ok ? answer.message : null;
  const highlightKey = searching && answer?.ok ? answer.highlight.join('\u0000') : '';
  useEffect(() => {
    setSearchHighlight(highlightKey === '' ? [] : highlightKey.split('\u0000'));
  }, [highlightKey, setSearchHighlight]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = t !== null && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      // In the message editor Ctrl+K makes a link, as in every editor; elsewhere it goes to search.
      if (e.defaultPrevented || (t?.isContentEditable ?? false)) return;
      if (((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') || (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const remember = () => {
    const text = settings.text.trim();
    if (text === '' || recent[0] === text) return;
    saveSetting('recentSearches', [text, ...recent.filter((r) => r !== text)].slice(0, RECENT_SEARCHES)).catch((e: unknown) => log.warn('Could not remember the search', e));
  };
  const clear = () => {
    setSettings({ ...NO_SEARCH, everywhere: settings.everywhere, order: settings.order });
    document.getElementById('message-list')?.focus();
  };

  return {
    settings,
    setSettings,
    recent,
    inputRef,
    query,
    searching,
    /** Changes whenever the search asked for does (a new list). */
    key: request === null ? '' : JSON.stringify(request),
    answer,
    /** The matching ids in order; undefined while the search runs, null when none is on. */
    results,
    error,
    remember,
    clear,
  };
}

export type ListSearch = ReturnType<typeof useListSearch>;
