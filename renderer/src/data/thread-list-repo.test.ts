import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageMeta } from '../../../shared/model/message';
import type { HeronDb } from './db';
import { DEFAULT_SORT } from './message-list-repo';
import { conversationOf, threadWindow } from './thread-list-repo';
import { threadArrivals } from './threads-store';
import { makeMessage, testStores } from './test-fixtures';

const stores = testStores('heron-thread-list');
afterEach(() => stores.closeAll());

async function put(db: HeronDb, messages: readonly MessageMeta[]): Promise<void> {
  await db.transaction('rw', [db.messages, db.threadIndex, db.threadEdits], async () => {
    await db.messages.bulkAdd(await threadArrivals(db, messages.map((m) => ({ ...m, unreadFlag: m.unread ? 1 : 0 }))));
  });
}

const bob = { name: 'Bob', address: 'bob@example.com' };
const me = { name: 'Alice', address: 'a1@example.com' };

describe('threadWindow', () => {
  it('lists conversations by their newest row in the folder, with counts across folders and Trash apart', async () => {
    const db = stores.open();
    await put(db, [
      makeMessage('root', { messageId: 'root@x', subject: 'Plan', date: 1000, from: bob }),
      makeMessage('reply', { messageId: 'reply@x', subject: 'Re: Plan', references: ['root@x'], date: 3000, from: bob, unread: false }),
      makeMessage('sent', { messageId: 'sent@x', subject: 'Re: Plan', references: ['root@x'], folder: 'sent', date: 4000, from: me, unread: false }),
      makeMessage('binned', { messageId: 'bin@x', subject: 'Re: Plan', references: ['root@x'], folder: 'trash', date: 5000, from: bob }),
      makeMessage('other', { messageId: 'other@x', subject: 'Lunch', date: 2000, from: bob }),
    ]);
    const { threads, complete } = await threadWindow(db, { accountId: null, folder: 'inbox' }, DEFAULT_SORT, '', 10);
    expect(complete).toBe(true);
    expect(threads.map((t) => [t.row.id, t.messages.map((m) => m.id), t.unread, t.participants, t.inFolder])).toEqual([
      ['reply', ['root', 'reply', 'sent'], 1, ['Bob', 'Alice'], ['root', 'reply']],
      ['other', ['other'], 1, ['Bob'], ['other']],
    ]);
    const inTrash = await threadWindow(db, { accountId: null, folder: 'trash' }, DEFAULT_SORT, '', 10);
    expect(inTrash.threads.map((t) => t.messages.map((m) => m.id))).toEqual([['binned']]);
    const binned = await db.messages.get('binned');
    expect((await conversationOf(db, binned!)).map((m) => m.id)).toEqual(['binned']);
    const root = await db.messages.get('root');
    expect((await conversationOf(db, root!)).map((m) => m.id)).toEqual(['root', 'reply', 'sent']);
  });

  it('stops reading once it has enough conversations, and says the list is not complete', async () => {
    const db = stores.open();
    await put(db, Array.from({ length: 30 }, (_, i) => makeMessage(`m${String(i).padStart(2, '0')}`, { messageId: `m${i}@x`, date: 1000 + i })));
    const first = await threadWindow(db, { accountId: null, folder: 'inbox' }, DEFAULT_SORT, '', 5);
    expect(first.threads.map((t) => t.row.id)).toEqual(['m29', 'm28', 'm27', 'm26', 'm25']);
    expect(first.complete).toBe(false);
    const filtered = await threadWindow(db, { accountId: null, folder: 'inbox' }, DEFAULT_SORT, 'subject m07', 5);
    expect(filtered.threads.map((t) => t.row.id)).toEqual(['m07']);
    expect(filtered.complete).toBe(true);
  });
});
