/**
 * The orders the message list sorts by, and how far the sender and subject orders' keys are filled
 * in (sort-index.ts builds them). Read by the database's middleware on every message write
 * (folder-counts.ts), so it depends on nothing that opens the database.
 */

/** The list's orders: by date, sender or subject. */
export type SortKey = 'date' | 'from' | 'subject';

/** The orders whose keys are filled in only once someone sorts that way. */
export type SortField = Exclude<SortKey, 'date'>;

export const SORT_INDEXES_KEY = 'sortIndexes';

/** How far one order's keys are filled in; absent = never asked for (rows carry no key). */
export interface SortIndexProgress {
  /** Every row carries the key: the order's indexes hold the whole store. */
  readonly ready: boolean;
  /** While building: the last primary key done (rows are filled in key order). */
  readonly after: string | null;
  /** Rows filled in so far. */
  readonly done: number;
}

export type SortIndexes = Partial<Record<SortField, SortIndexProgress>>;

/** The stored state, from a `settings` row's value (anything unexpected reads as "never asked"). */
export function sortIndexesOf(value: unknown): SortIndexes {
  if (typeof value !== 'object' || value === null) return {};
  const out: SortIndexes = {};
  for (const field of ['from', 'subject'] as const) {
    const p = (value as Record<string, unknown>)[field] as Partial<SortIndexProgress> | undefined;
    if (p && typeof p.ready === 'boolean') out[field] = { ready: p.ready, after: typeof p.after === 'string' ? p.after : null, done: typeof p.done === 'number' ? p.done : 0 };
  }
  return out;
}

