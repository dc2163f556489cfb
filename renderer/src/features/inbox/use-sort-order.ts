/**
 * The order the list can show right now. Sender and subject orders are indexed the first time
 * someone picks them (data/sort-index.ts): until that is done the list stays newest first and
 * says how far the preparation has come, rather than showing a list with rows missing.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { getDb } from '../../data/db';
import { DEFAULT_SORT, type ListSort } from '../../data/message-list-repo';
import { buildSortIndex, readSortIndexes } from '../../data/sort-index';
import { isQuotaError } from '../../data/store/storage-error';

export interface SortOrder {
  /** The order the rows come in. */
  readonly shown: ListSort;
  /** While the chosen order is being prepared: rows done of all stored. */
  readonly preparing: { readonly done: number; readonly total: number } | null;
  /** Why preparing it failed, in plain words (the list stays newest first). */
  readonly error: string | null;
  retry(): void;
}

const NAMES = { from: 'sender', subject: 'subject' } as const;

export function useSortOrder(sort: ListSort): SortOrder {
  const field = sort.key === 'date' ? null : sort.key;
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const answer = useLiveQuery(async () => {
    if (field === null) return { field, ready: true, done: 0, total: 0 };
    const db = getDb();
    const progress = (await readSortIndexes(db))[field];
    if (progress?.ready) return { field, ready: true, done: progress.done, total: progress.done };
    const counts = await db.folderCounts.toArray(); // one row per account and folder
    return { field, ready: false, done: progress?.done ?? 0, total: counts.reduce((n, c) => n + c.total, 0) };
  }, [field]);
  // Right after the order changes, the answer about the one before may still be all there is.
  const state = answer?.field === field ? answer : undefined;
  const ready = state?.ready === true;
  // A build reports its progress through `state`: only "loaded" matters for starting one.
  const loaded = state !== undefined;

  useEffect(() => {
    if (field === null || ready || !loaded) return;
    let current = true;
    setError(null);
    buildSortIndex(getDb(), field).catch((e: unknown) => {
      if (!current) return;
      const detail = e instanceof Error && e.message ? ` (${e.message.slice(0, 200)})` : '';
      setError(
        isQuotaError(e)
          ? `The disk is full: Heron could not prepare the ${NAMES[field]} order. Mail is untouched.`
          : `Heron could not prepare the ${NAMES[field]} order${detail}. Mail is untouched.`,
      );
    });
    return () => {
      current = false;
    };
  }, [field, ready, loaded, attempt]);

  return {
    // Until the chosen order is known to be ready, newest first: never a list with rows missing.
    shown: field === null || ready ? sort : DEFAULT_SORT,
    preparing: field !== null && state && !state.ready ? { done: Math.min(state.done, state.total), total: state.total } : null,
    error: field !== null && !ready ? error : null,
    retry: () => setAttempt((n) => n + 1),
  };
}

export function preparingText(sort: ListSort, p: { done: number; total: number }): string {
  const name = sort.key === 'date' ? 'date' : NAMES[sort.key];
  return `Preparing the ${name} order for the first time: ${p.done.toLocaleString()} of ${p.total.toLocaleString()} messages. Showing newest first until then.`;
}
