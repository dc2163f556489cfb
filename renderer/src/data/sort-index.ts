/**
 * Sorting by sender or subject, indexed only once someone sorts that way.
 *
 * Each of those orders has two compound indexes on `messages` (schema.ts), and every index entry
 * is a write for every message a fetch stores (their cost: docs/performance.md), while most mail
 * is read newest first, and IndexedDB leaves a row out of an index whose key it lacks. So a row carries
 * `sortFrom`/`sortSubject` only once that order was asked for: the first time, this module fills
 * the key into every stored row (in pages, resumable), and from then on the database's middleware
 * (folder-counts.ts) derives it on every write. Thunderbird builds its sort views the same way.
 *
 * The state lives in the `settings` table under SORT_INDEXES_KEY (sort-state.ts), which the
 * middleware reads in the same transaction as each message write, so a write can never miss a key
 * that a build has begun to fill (IndexedDB runs overlapping read-write transactions one after
 * another).
 */
import type { HeronDb } from './db';
import { SORT_INDEXES_KEY, sortIndexesOf, type SortField, type SortIndexes, type SortIndexProgress } from './sort-state';

/** Rows filled per transaction: small enough that a fetch's commit never waits long behind one. */
export const SORT_INDEX_PAGE = 1_000;

export async function readSortIndexes(db: HeronDb): Promise<SortIndexes> {
  return sortIndexesOf((await db.settings.get(SORT_INDEXES_KEY))?.value);
}

async function saveProgress(db: HeronDb, field: SortField, progress: SortIndexProgress): Promise<void> {
  const current = await readSortIndexes(db);
  await db.settings.put({ key: SORT_INDEXES_KEY, value: { ...current, [field]: progress } });
}

const building = new WeakMap<HeronDb, Map<SortField, Promise<void>>>();

/**
 * Fills `field`'s key into every stored message, then marks its order ready. One build per
 * database and order at a time (a second call joins the first). Each page is its own
 * transaction, with the progress saved in it, so a build cut short (the window closed) carries on
 * where it stopped. Resolves at once when the order is ready already.
 */
export function buildSortIndex(db: HeronDb, field: SortField): Promise<void> {
  let running = building.get(db);
  if (!running) building.set(db, (running = new Map()));
  const existing = running.get(field);
  if (existing) return existing;
  const job = fill(db, field).finally(() => running.delete(field));
  running.set(field, job);
  return job;
}

async function fill(db: HeronDb, field: SortField): Promise<void> {
  // First, in its own committed transaction: from here on every write derives the key, so the
  // pages below only need to reach rows stored before this point.
  const start = await db.transaction('rw', db.settings, async () => {
    const stored = (await readSortIndexes(db))[field];
    if (stored) return stored;
    const fresh: SortIndexProgress = { ready: false, after: null, done: 0 };
    await saveProgress(db, field, fresh);
    return fresh;
  });
  let { after, done } = start;
  let ready = start.ready;
  // Bounded: every page moves `after` forward through a finite key space.
  while (!ready) {
    await db.transaction('rw', [db.messages, db.settings], async () => {
      const page = await (after === null ? db.messages.orderBy(':id') : db.messages.where(':id').above(after)).limit(SORT_INDEX_PAGE).primaryKeys();
      // Rewritten unchanged: the middleware derives the key on the write (the state says
      // "building"), and an update naming no counted field tells it the counters cannot move,
      // so each row is read once (by Dexie), not twice.
      if (page.length > 0) await db.messages.bulkUpdate(page.map((key) => ({ key, changes: {} })));
      after = page.at(-1) ?? after;
      done += page.length;
      ready = page.length < SORT_INDEX_PAGE;
      await saveProgress(db, field, { ready, after: ready ? null : after, done });
    });
  }
}
