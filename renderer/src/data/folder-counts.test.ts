import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import { accountsRepo } from './accounts-repo';
import { emptyTrash } from './delete-forever';
import type { HeronDb } from './db';
import type { MessageRow } from './rows';
import { buildSortIndex } from './sort-index';
import { commitFetched } from './fetch-store';
import type { FolderCountRow } from './folder-counts';
import { moveMessages, restoreFromTrash } from './move-messages';
import { messageListRepo } from './message-list-repo';
import { messagesRepo } from './messages-repo';
import { makeAccount, makeMessage, testStores } from './test-fixtures';

const { open, closeAll } = testStores('heron-counts-test');
afterEach(closeAll);

const sorted = (rows: readonly FolderCountRow[]) =>
  [...rows].map(({ accountId, folder, total, unread }) => ({ accountId, folder, total, unread })).sort((a, b) => `${a.accountId}/${a.folder}`.localeCompare(`${b.accountId}/${b.folder}`));

/** The counters, counted from the rows themselves. */
function countRows(rows: readonly MessageRow[]): FolderCountRow[] {
  const counts = new Map<string, FolderCountRow>();
  for (const r of rows) {
    const key = `${r.accountId}/${r.folder}`;
    const c = counts.get(key) ?? { accountId: r.accountId, folder: r.folder, total: 0, unread: 0 };
    counts.set(key, { ...c, total: c.total + 1, unread: c.unread + (r.unread ? 1 : 0) });
  }
  return [...counts.values()];
}

async function expectRecount(db: HeronDb): Promise<void> {
  expect(sorted(await db.folderCounts.toArray())).toEqual(sorted(countRows(await db.messages.toArray())));
}

function fetched(id: string, over: Partial<FetchedMessage> = {}): FetchedMessage {
  const raw = new TextEncoder().encode(`Subject: ${id}\r\n\r\nbody\r\n`);
  return {
    id, uidl: `U-${id}`, size: raw.byteLength, raw, partial: false, receivedAt: 5,
    headers: {
      messageId: `<${id}@x>`, inReplyTo: null, references: [], from: { name: 'Bob', address: 'bob@example.com' }, to: [], cc: [], replyTo: [],
      subject: `Subject ${id}`, date: 4, size: raw.byteLength, hasAttachments: false,
    },
    ...over,
  };
}

describe('folder counters', () => {
  it('equal a full recount after a mixed sequence of every kind of message write', async () => {
    const db = open();
    const list = messageListRepo(db);
    const repo = messagesRepo(db);
    await accountsRepo(db).put(makeAccount('a1', 0));
    await accountsRepo(db).put(makeAccount('a2', 1));

    await commitFetched(db, 'a1', ['m1', 'm2', 'm3', 'm4'].map((id) => fetched(id)));
    await commitFetched(db, 'a2', ['n1', 'n2'].map((id) => fetched(id)));
    await expectRecount(db);
    expect(await list.count({ accountId: 'a1', folder: 'inbox' })).toBe(4);
    expect(await list.count({ accountId: null, folder: 'inbox' })).toBe(6);

    // A partial copy completed: replaced in place, counted once.
    await commitFetched(db, 'a1', [fetched('m4', { partial: false, replaces: true })]);
    await db.messages.bulkUpdate([{ key: 'm1', changes: { snippet: 's' } }]);
    await list.setUnread(['m1', 'm2'], false);
    // A query's modify() goes through the middleware too.
    await db.messages.where('id').anyOf(['n1']).modify({ unread: false, unreadFlag: 0 });
    await list.setStarred(['m3'], true);
    await expectRecount(db);

    await moveMessages(db, ['m1', 'm3'], 'trash');
    await moveMessages(db, ['m1'], 'trash'); // already in Trash: stays
    await restoreFromTrash(db, ['m3']);
    await db.messages.update('n2', { folder: 'sent' });
    await db.messages.put({ ...makeMessage('s1', { folder: 'sent', unread: false }), unreadFlag: 0 });
    await expectRecount(db);

    // Direct table writes: the same key twice in one bulkPut, a failed add among good ones,
    // modify, update, a range delete.
    await db.messages.bulkPut([{ ...makeMessage('d1', { unread: true }), unreadFlag: 1 }, { ...makeMessage('d1', { unread: false, folder: 'trash' }), unreadFlag: 0 }]);
    await db.messages.bulkAdd([{ ...makeMessage('d2'), unreadFlag: 1 }, { ...makeMessage('m2'), unreadFlag: 1 }]).catch(() => undefined);
    await db.messages.filter((r) => r.accountId === 'a2').modify({ unread: true });
    await db.messages.update('m2', { folder: 'trash' });
    await expectRecount(db);
    await db.messages.where('id').between('d', 'e').delete();
    await db.messages.bulkDelete(['m3', 'm3', 'nope']);

    // A transaction that fails leaves the counters as they were, with its rows.
    await db
      .transaction('rw', db.messages, async () => {
        await db.messages.put({ ...makeMessage('x1'), unreadFlag: 1 });
        throw new Error('abort');
      })
      .catch(() => undefined);
    await expectRecount(db);

    expect(await emptyTrash(db, 'a1')).toBe(2);
    await expectRecount(db);
    expect(await repo.unreadCounts(['a1', 'a2'])).toEqual({
      byAccount: { a1: { inbox: 1, drafts: 0, outbox: 0, junk: 0 }, a2: { inbox: 1, drafts: 0, outbox: 0, junk: 0 } },
      all: { inbox: 2, drafts: 0, outbox: 0, junk: 0 },
    });
    expect(await repo.countByAccount('a1')).toBe(2); // m4 (inbox) and s1 (sent)
    await accountsRepo(db).remove('a1');
    await expectRecount(db);
    expect(await db.folderCounts.toArray()).toEqual([{ accountId: 'a2', folder: 'inbox', total: 1, unread: 1 }, { accountId: 'a2', folder: 'sent', total: 1, unread: 1 }]);
  });
});

describe('message row middleware', () => {
  /** Counts reads of message rows that reach the store (below every Dexie middleware but the store). */
  function countReads(db: HeronDb): { reads: number } {
    const seen = { reads: 0 };
    db.use({
      stack: 'dbcore',
      name: 'CountMessageReads',
      level: 0.5,
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'messages') return table;
          return { ...table, getMany: (req) => ((seen.reads += req.keys.length), table.getMany(req)) };
        },
      }),
    });
    return seen;
  }

  it('derives the index helpers on every kind of write, reading rows only when the counters may move', async () => {
    const db = open();
    const seen = countReads(db);
    await commitFetched(db, 'a1', ['m1', 'm2'].map((id) => fetched(id)));
    // New messages are added without a single read.
    expect(seen.reads).toBe(0);
    expect(await db.messages.get('m1')).toMatchObject({ unreadFlag: 1 });
    // Sort keys only for the orders someone asked for (sort-index.ts); from then on every write derives them.
    expect(await db.messages.get('m1')).not.toHaveProperty('sortFrom');
    await Promise.all([buildSortIndex(db, 'from'), buildSortIndex(db, 'subject')]);
    expect(await db.messages.get('m1')).toMatchObject({ unreadFlag: 1, sortFrom: 'bob', sortSubject: 'subject m1' });

    seen.reads = 0;
    await db.messages.bulkUpdate([{ key: 'm1', changes: { snippet: 'hello', hasAttachments: true } }]);
    // Dexie reads the row once to apply the change; the counters need nothing more.
    expect(seen.reads).toBe(1);

    seen.reads = 0;
    await db.messages.bulkUpdate([{ key: 'm1', changes: { unread: false, subject: 'Re: Other' } }]);
    expect(seen.reads).toBe(2);
    expect(await db.messages.get('m1')).toMatchObject({ unreadFlag: 0, sortSubject: 'other', snippet: 'hello' });
    expect(await db.folderCounts.get(['a1', 'inbox'])).toMatchObject({ total: 2, unread: 1 });

    await db.messages.where('id').equals('m2').modify({ unread: false, from: { name: '', address: 'Zed@x' } });
    expect(await db.messages.get('m2')).toMatchObject({ unreadFlag: 0, sortFrom: 'zed@x' });
    await db.messages.put({ ...(await db.messages.get('m2'))!, unread: true });
    expect((await db.messages.get('m2'))?.unreadFlag).toBe(1);
    await expectRecount(db);
  });
});
