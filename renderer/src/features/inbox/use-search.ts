/**
 * The search the list shows: the query goes to the store worker (data/search/client.ts) and comes
 * back as message ids in order. It runs again whenever the index moves or a message row is
 * written (both tables are read first, so the live query watches them), which is how a message
 * that arrives, or is moved or flagged, shows up in or leaves the results.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { getDb } from '../../data/db';
import { search } from '../../data/search/client';
import type { SearchAnswer, SearchRequest } from '../../data/search/run-search';

/** Typing settles for this long before a query runs. */
export const SEARCH_DELAY_MS = 120;

export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export interface SearchState {
  /** The answer to `request` (undefined while the first one runs). */
  readonly answer: SearchAnswer | undefined;
}

export function useSearch(request: SearchRequest | null): SearchState {
  const key = request === null ? '' : JSON.stringify(request);
  const answer = useLiveQuery(async () => {
    if (request === null) return { key, answer: undefined };
    const db = getDb();
    await db.searchMeta.get('state');
    await db.searchChanges.orderBy(':id').last();
    return { key, answer: await search(request) };
  }, [key]);
  return { answer: answer?.key === key ? answer.answer : undefined };
}
