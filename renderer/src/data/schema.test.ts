import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transaction } from 'dexie';
import { accountsRepo } from './accounts-repo';
import { HeronDb } from './db';
import { commitFetched, popStateFor, UNREADABLE } from './fetch-store';
import { messageListRepo } from './message-list-repo';
import { outboxRepo } from './outbox-repo';
import { getRawBytes, readRaws } from './raw-store';
import type { MessageRow } from './rows';
import { SCHEMA, type SchemaVersion } from './schema';
import { settingsRepo } from './settings-repo';
import { makeAccount, testStores } from './test-fixtures';
import { draftRow, queueInput } from '../features/outbox/test-support';

const stores = testStores('heron-schema');
afterEach(() => stores.closeAll());

/**
 * A version 2 that exists only here, to prove that a store a release left behind upgrades with
 * its data: it moves each message's snippet out of the list row into the message's body.
 */
const TEST_V2: SchemaVersion = {
  version: 2,
  stores: {},
  upgrade: async (tx: Transaction) => {
    const rows = (await tx.table('messages').toArray()) as MessageRow[];
    const bodies = await tx.table('bodies').bulkGet(rows.map((r) => r.id));
    await tx.table('bodies').bulkPut(rows.map((r, i) => ({ ...(bodies[i] ?? { messageId: r.id, text: null, html: null, warnings: [] }), snippet: r.snippet })));
    await tx.table('messages').toCollection().modify((row: { snippet?: string }) => {
      delete row.snippet;
    });
  },
};

const bytes = (text: string) => new TextEncoder().encode(text);
const headers = (subject: string) => ({ messageId: null, inReplyTo: null, references: [], from: { name: 'Bob', address: 'bob@example.com' }, to: [], cc: [], replyTo: [], subject, date: 7, size: 3, hasAttachments: false });

describe('upgrading the store', () => {
  it('a version 1 store with mail, POP state, an Outbox item and settings in it opens at a version 2 that moves data, and keeps all of it', async () => {
    const name = stores.freshName();
    const v1 = stores.open(name);
    await accountsRepo(v1).put(makeAccount('a1'));
    const content = { body: { text: '1', html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: 'one, the snippet' };
    await commitFetched(
      v1,
      'a1',
      [
        { id: 'm1', uidl: 'U1', size: 3, raw: bytes('Subject: one\r\n\r\n1\r\n'), partial: false, headers: headers('one'), receivedAt: 5, content },
        { id: 'm2', uidl: 'U2', size: 3, raw: bytes('Subject: two\r\n\r\n2\r\n'), partial: false, headers: headers('two'), receivedAt: 5 },
      ],
      5,
    );
    const draft = draftRow('d1');
    await v1.drafts.put(draft);
    await outboxRepo(v1).enqueue(queueInput(draft, 'o1', 'Subject: out\r\n\r\nbody\r\n', 1), 1);
    await settingsRepo(v1).set('theme', 'dark');
    v1.close();

    // The app's own class over the two versions: what it reads, it reads through its real code.
    const db = new HeronDb(name, [...SCHEMA, TEST_V2]);
    await db.open();
    expect(db.verno).toBe(2);
    // Moved: each snippet now lives in its body; the list rows lost theirs.
    expect((await db.bodies.get('m1')) as unknown).toEqual({ messageId: 'm1', text: '1', html: null, warnings: [], snippet: 'one, the snippet' });
    expect((await db.bodies.get('m2')) as unknown).toEqual({ messageId: 'm2', text: null, html: null, warnings: [UNREADABLE], snippet: '' });
    expect(await db.messages.get('m1')).not.toHaveProperty('snippet');
    // Kept: the list and its counters, the exact bytes, the POP state, the Outbox, the settings.
    expect(await messageListRepo(db).count({ accountId: 'a1', folder: 'inbox' })).toBe(2);
    expect((await messageListRepo(db).window({ accountId: 'a1', folder: 'inbox' }, { key: 'date', dir: 'desc' }, 0, 10)).map((r) => r.subject).sort()).toEqual(['one', 'two']);
    expect(new TextDecoder().decode((await getRawBytes(db, ['m2'])).get('m2'))).toBe('Subject: two\r\n\r\n2\r\n');
    expect((await popStateFor(db, 'a1')).map((e) => `${e.uidl} ${e.status} ${e.downloadedAt}`).sort()).toEqual(['U1 stored 5', 'U2 stored 5']);
    const [item] = await outboxRepo(db).list('a1');
    expect(item ? new TextDecoder().decode((await readRaws(db, [{ chunk: item.rawChunk, member: item.id }])).get(item.id)) : null).toBe('Subject: out\r\n\r\nbody\r\n');
    expect(await settingsRepo(db).get('theme')).toBe('dark');
    // And it goes on working: a new write keeps the counters right.
    await messageListRepo(db).setUnread(['m1'], false);
    expect(await db.folderCounts.get(['a1', 'inbox'])).toMatchObject({ total: 2, unread: 1 });
    db.close();
  });
});
