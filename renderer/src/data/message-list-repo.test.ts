import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeronDb } from './db';
import { moveMessages, restoreFromTrash } from './move-messages';
import { messageListRepo } from './message-list-repo';
import { makeMessage } from './test-fixtures';
import { buildSortIndex } from './sort-index';

let db: HeronDb;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = new HeronDb(`heron-list-test-${process.pid}-${n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const T = 1_700_000_000_000;

describe('messageListRepo', () => {
  it('pages 600 rows by offset: every row exactly once, newest first, ties in id order', async () => {
    const rows = Array.from({ length: 600 }, (_, i) =>
      ({ ...makeMessage(`m${String(i).padStart(5, '0')}`, { date: T + Math.floor(i / 3), accountId: i % 2 ? 'a1' : 'a2' }), unreadFlag: 1 as const }),
    );
    await db.messages.bulkAdd(rows);
    await db.messages.add({ ...makeMessage('sent1', { folder: 'sent' }), unreadFlag: 1 });
    const repo = messageListRepo(db);
    expect(await repo.count({ accountId: null, folder: 'inbox' })).toBe(600);
    expect(await repo.count({ accountId: 'a1', folder: 'inbox' })).toBe(300);
    const seen: string[] = [];
    for (let offset = 0; offset < 600; offset += 64) {
      const page = await repo.window({ accountId: null, folder: 'inbox' }, { key: 'date', dir: 'desc' }, offset, 64);
      seen.push(...page.map((r) => r.id));
    }
    expect(seen).toHaveLength(600);
    expect(new Set(seen).size).toBe(600);
    expect(seen.slice(0, 4)).toEqual(['m00599', 'm00598', 'm00597', 'm00596']);
    // Read from the far end for the second half: exactly the same rows in the same order.
    await buildSortIndex(db, 'from');
    for (const [offset, size] of [[590, 64], [301, 64], [599, 5], [540, 60]] as const) {
      for (const sort of [{ key: 'date', dir: 'desc' }, { key: 'date', dir: 'asc' }, { key: 'from', dir: 'asc' }] as const) {
        const near = await repo.window({ accountId: null, folder: 'inbox' }, sort, offset, size);
        const far = await repo.window({ accountId: null, folder: 'inbox' }, sort, offset, size, 600);
        expect(far.map((r) => r.id)).toEqual(near.map((r) => r.id));
      }
    }
    const a1 = await repo.window({ accountId: 'a1', folder: 'inbox' }, { key: 'date', dir: 'asc' }, 298, 10);
    expect(a1.map((r) => r.id)).toEqual(['m00597', 'm00599']);
  });

  it('sorts by sender (display name, case-folded) and by subject without Re:/Fwd:', async () => {
    await db.messages.bulkAdd([
      { ...makeMessage('1', { from: { name: 'zoe', address: 'z@x' }, subject: 'Re: banana' }), unreadFlag: 1 },
      { ...makeMessage('2', { from: { name: '', address: 'Adam@x' }, subject: 'cherry' }), unreadFlag: 1 },
      { ...makeMessage('3', { from: { name: 'Mia', address: 'm@x' }, subject: 'FWD: Apple' }), unreadFlag: 1 },
    ]);
    const repo = messageListRepo(db);
    const ref = { accountId: 'a1', folder: 'inbox' } as const;
    // Those orders are indexed once asked for (sort-index.ts): until then the rows carry no key.
    expect(await repo.window(ref, { key: 'from', dir: 'asc' }, 0, 10)).toEqual([]);
    await Promise.all([buildSortIndex(db, 'from'), buildSortIndex(db, 'subject')]);
    expect((await repo.window(ref, { key: 'from', dir: 'asc' }, 0, 10)).map((r) => r.id)).toEqual(['2', '3', '1']);
    expect((await repo.window(ref, { key: 'subject', dir: 'asc' }, 0, 10)).map((r) => r.id)).toEqual(['3', '1', '2']);
    expect((await repo.window(ref, { key: 'subject', dir: 'desc' }, 0, 10)).map((r) => r.id)).toEqual(['2', '1', '3']);
    // An edit re-derives the key.
    await db.messages.update('2', { subject: 'aardvark' });
    expect((await repo.window(ref, { key: 'subject', dir: 'asc' }, 0, 1)).map((r) => r.id)).toEqual(['2']);
    expect(await repo.filterIds(ref, { key: 'date', dir: 'desc' }, 'MIA')).toEqual(['3']);
    expect(await repo.filterIds(ref, { key: 'subject', dir: 'asc' }, 'an')).toEqual(['1']);
  });

  it('delete goes to Trash, remembering where from, and back', async () => {
    await db.messages.bulkAdd([
      { ...makeMessage('k1', { uidl: 'U1' }), unreadFlag: 1 },
      { ...makeMessage('k2', { uidl: 'U2', folder: 'sent' }), unreadFlag: 1 },
    ]);
    await moveMessages(db, ['k1', 'k2'], 'trash');
    expect(await db.messages.get('k2')).toMatchObject({ folder: 'trash', previousFolder: 'sent' });
    await restoreFromTrash(db, ['k2']);
    expect((await db.messages.get('k2'))?.folder).toBe('sent');
    expect((await db.messages.get('k1'))?.folder).toBe('trash');
  });

  it('stars and marks read/unread, keeping the unread index right', async () => {
    await db.messages.bulkAdd([{ ...makeMessage('s1'), unreadFlag: 1 }]);
    const repo = messageListRepo(db);
    await repo.setStarred(['s1'], true);
    await repo.setUnread(['s1'], false);
    expect(await db.messages.get('s1')).toMatchObject({ starred: true, unread: false, unreadFlag: 0 });
  });
});
