import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { messageListRepo } from './message-list-repo';
import { buildSortIndex, readSortIndexes, SORT_INDEX_PAGE } from './sort-index';
import { SORT_INDEXES_KEY } from './sort-state';
import { makeMessage, testStores } from './test-fixtures';

const stores = testStores('heron-sort-index');
const open = () => stores.open();
afterEach(() => stores.closeAll());

const id = (i: number) => `m${String(i).padStart(5, '0')}`;
const row = (i: number) => ({ ...makeMessage(id(i), { from: { name: `Sender ${String(i % 97).padStart(2, '0')}`, address: 'x@y' } }), unreadFlag: 1 as const });
const ref = { accountId: null, folder: 'inbox' } as const;

describe('sort indexes on demand', () => {
  it('leaves sort keys off rows until an order is asked for, then fills every row in pages and keeps new rows keyed', async () => {
    const db = open();
    const count = SORT_INDEX_PAGE * 2 + 37;
    await db.messages.bulkAdd(Array.from({ length: count }, (_, i) => row(i)));
    expect(await db.messages.get(id(0))).not.toHaveProperty('sortFrom');
    expect(await db.messages.get(id(0))).not.toHaveProperty('sortSubject');
    expect(await readSortIndexes(db)).toEqual({});

    await buildSortIndex(db, 'from');
    expect(await readSortIndexes(db)).toEqual({ from: { ready: true, after: null, done: count } });
    const keyed = await db.messages.toArray();
    expect(keyed.every((r) => r.sortFrom === r.from?.name.toLowerCase())).toBe(true);
    // Only the order asked for: subjects stay unindexed.
    expect(keyed.some((r) => 'sortSubject' in r)).toBe(false);

    // From now on every write derives the key.
    await db.messages.add({ ...makeMessage('new', { from: { name: 'Aaron', address: 'a@b' } }), unreadFlag: 1 });
    expect((await db.messages.get('new'))?.sortFrom).toBe('aaron');
    const sorted = await messageListRepo(db).window(ref, { key: 'from', dir: 'asc' }, 0, 3);
    expect(sorted.map((r) => r.id)).toEqual(['new', id(0), id(97)]);
    expect(await messageListRepo(db).idsInRange(ref, { key: 'from', dir: 'asc' }, 0, 10_000)).toHaveLength(count + 1);
  });

  it('a build already running is joined, and a finished one returns at once', async () => {
    const db = open();
    await db.messages.bulkAdd([row(1), row(2)]);
    const first = buildSortIndex(db, 'subject');
    expect(buildSortIndex(db, 'subject')).toBe(first);
    await first;
    const done = await readSortIndexes(db);
    await buildSortIndex(db, 'subject');
    expect(await readSortIndexes(db)).toEqual(done);
  });

  it('a write made while a build runs carries the key, and a build cut short carries on where it stopped', async () => {
    const db = open();
    await db.messages.bulkAdd([row(1), row(2), row(3)]);
    // As a build leaves the state when the window closes after its first page (rows up to m00002).
    await db.settings.put({ key: SORT_INDEXES_KEY, value: { from: { ready: false, after: id(2), done: 2 } } });
    await db.messages.add(row(4));
    expect((await db.messages.get(id(4)))?.sortFrom).toBe('sender 04');

    await buildSortIndex(db, 'from');
    expect(await readSortIndexes(db)).toEqual({ from: { ready: true, after: null, done: 4 } });
    expect((await db.messages.get(id(3)))?.sortFrom).toBe('sender 03');
    // Rows before `after` were the cut-short build's: this one did not go over them again.
    expect(await db.messages.get(id(1))).not.toHaveProperty('sortFrom');
  });
});
