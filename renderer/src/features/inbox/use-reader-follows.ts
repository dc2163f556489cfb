/**
 * While searching, the reader shows only a message among the results. When an answer to a new
 * query leaves out the open message, the reader clears (as Thunderbird's, Apple Mail's and
 * Outlook's do) rather than opening the first result, which would mark read a message the person
 * did not choose. A message opened from the results stays among them while the same query is up
 * (Thunderbird's quick filter does the same), so reading an unread result under `is:unread` does
 * not pull it from under the person. Leaving the search brings back the folder's open message.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useUi } from '../../state/ui-store';

export interface Shown {
  /** The search request the ids answer. */
  readonly key: string;
  readonly ids: readonly string[];
}

/**
 * The results to show and whether the reader clears: the open message stays (at its place among
 * its neighbours) when it was shown for the same request; otherwise, left out, the reader clears.
 */
export function followResults(before: Shown | null, key: string, results: readonly string[], openId: string | null): { ids: readonly string[]; clear: boolean } {
  if (openId === null || results.includes(openId)) return { ids: results, clear: false };
  const was = before !== null && before.key === key ? before.ids.indexOf(openId) : -1;
  if (was < 0) return { ids: results, clear: true };
  const present = new Set(results);
  let after = -1;
  for (let i = was - 1; i >= 0 && after < 0; i--) {
    const id = before?.ids[i] as string;
    if (present.has(id)) after = results.indexOf(id);
  }
  return { ids: [...results.slice(0, after + 1), openId, ...results.slice(after + 1)], clear: false };
}

/**
 * `results`: the search's ids (undefined while it runs), or null when not searching; `key` names
 * the request. Returns the ids the list shows.
 */
export function useReaderFollowsResults(key: string, results: readonly string[] | null | undefined): readonly string[] | null | undefined {
  const openId = useUi((s) => s.messageId);
  const folder = useUi((s) => s.folder);
  const selectMessage = useUi((s) => s.selectMessage);
  const searching = results !== null;
  // The folder's open message, remembered as the search starts.
  const beforeSearch = useRef<string | null>(openId);
  const wasSearching = useRef(searching);
  const lastShown = useRef<Shown | null>(null);

  useEffect(() => {
    beforeSearch.current = useUi.getState().messageId;
  }, [folder.accountId, folder.folder]);

  useEffect(() => {
    if (!searching) {
      if (wasSearching.current) {
        lastShown.current = null;
        selectMessage(beforeSearch.current);
      } else beforeSearch.current = openId;
    }
    wasSearching.current = searching;
  }, [searching, openId, selectMessage]);

  const followed = useMemo(() => (results === null || results === undefined ? null : followResults(lastShown.current, key, results, openId)), [key, results, openId]);
  useEffect(() => {
    if (followed === null) return;
    lastShown.current = { key, ids: followed.ids };
    if (followed.clear) selectMessage(null);
  }, [followed, key, selectMessage]);

  return followed === null ? results : followed.ids;
}
