import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { accountsRepo } from './accounts-repo';
import { messagesRepo } from './messages-repo';
import { CURRENT_VERSION, declareSchema } from './schema';
import { makeAccount, makeMessage, testStores } from './test-fixtures';
import { applyFetchDone, markDeletedHere, popStateFor } from './fetch-store';
import { addPopEntries, allPopEntries } from './pop-store';

const { freshName, open, closeAll } = testStores('heron-test');
afterEach(closeAll);

describe('HeronDb schema', () => {
  it('opens at the current version with every table the product plans for', async () => {
    const db = open();
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(
      ['accounts', 'attachments', 'bodies', 'contacts', 'drafts', 'messages', 'outbox', 'popChunks', 'popState', 'raws', 'settings', 'uidls', 'folderCounts', 'parseQueue', 'rawChunks'].sort(),
    );
    const indexes = db.messages.schema.indexes.map((i) => i.name).sort();
    expect(indexes).toEqual(
      [
        '[accountId+folder+date]', '[folder+date]',
        '[accountId+folder+sortFrom]', '[folder+sortFrom]', '[accountId+folder+sortSubject]', '[folder+sortSubject]',
      ].sort(),
    );
    expect(db.uidls.schema.primKey.name).toBe('id');
    expect(db.uidls.schema.indexes.find((i) => i.name === '[accountId+uidl]')?.unique).toBeFalsy();
  });

  it('keeps v1 data when upgraded to the current version, and derives the unread index', async () => {
    const name = freshName();
    const v1 = new Dexie(name);
    declareSchema(v1, 1);
    await v1.open();
    await v1.table('accounts').put(makeAccount('a1'));
    // A v1 row has no unreadFlag: the upgrade must add it.
    await v1.table('messages').bulkPut([makeMessage('m1', { unread: true }), makeMessage('m2', { unread: false })]);
    await v1.table('raws').put({ messageId: 'm1', blob: new Blob([new Uint8Array([0x0d, 0x0a, 0xff, 0x00])]), size: 4 });
    await v1.table('settings').put({ key: 'theme', value: 'dark' });
    v1.close();

    const db = open(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect((await db.accounts.get('a1'))?.label).toBe('Account a1');
    expect((await db.messages.get('m1'))?.unreadFlag).toBe(1);
    expect((await db.messages.get('m2'))?.unreadFlag).toBe(0);
    expect(await db.settings.get('theme')).toEqual({ key: 'theme', value: 'dark' });
    const raw = await messagesRepo(db).getRaw('m1');
    expect(new Uint8Array(await raw!.arrayBuffer())).toEqual(new Uint8Array([0x0d, 0x0a, 0xff, 0x00]));
    const counts = await messagesRepo(db).unreadCounts(['a1']);
    expect(counts.byAccount.a1?.inbox).toBe(1);
    // New tables exist and are empty.
    expect(await db.outbox.count()).toBe(0);
  });

  it('moves v7 POP entries (a row each) into rows per account at v8 and drops the old table at v9', async () => {
    const name = freshName();
    const v7 = new Dexie(name);
    declareSchema(v7, 7);
    await v7.open();
    const entry = (accountId: string, n: number) => ({ accountId, uidl: `U${n}`, localId: `${accountId}-m${n}`, downloadedAt: n, status: 'stored', size: n });
    await v7.table('popEntries').bulkPut([...Array.from({ length: 1500 }, (_, n) => entry('a1', n)), entry('a2', 1)]);
    v7.close();

    const db = open(name);
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('popEntries');
    // 1,500 entries of a1 in rows of at most 1,000, one row for a2.
    expect((await db.popChunks.toArray()).map((r) => [r.accountId, r.entries.length]).sort()).toEqual([['a1', 1000], ['a1', 500], ['a2', 1]]);
    expect(await popStateFor(db, 'a1')).toHaveLength(1500);
    expect(await popStateFor(db, 'a2')).toEqual([entry('a2', 1)]);
    await markDeletedHere(db, ['a1-m1499']);
    expect((await allPopEntries(db)).find((e) => e.localId === 'a1-m1499')?.status).toBe('deleted-here');
  });

  it('at v11 POP rows are found through their account: rows written with the old `localIds` index work as new ones do', async () => {
    const name = freshName();
    const v10 = new Dexie(name);
    declareSchema(v10, 10);
    await v10.open();
    const entry = (n: number) => ({ accountId: 'a1', uidl: `U${n}`, localId: `m${n}`, downloadedAt: n, status: 'stored' as const, size: n });
    await v10.table('popChunks').add({ id: 'old', accountId: 'a1', localIds: ['m1', 'm2'], entries: [entry(1), entry(2)] });
    await v10.table('messages').add({ ...makeMessage('m1'), unreadFlag: 1 });
    v10.close();

    const db = open(name);
    await db.open();
    expect(db.popChunks.schema.indexes.map((i) => i.name)).toEqual(['accountId']);
    await addPopEntries(db, 'a1', [entry(3)]);
    // m1 has a message row (its account is read from it), m3 has none (every account is looked through).
    await markDeletedHere(db, ['m1']);
    await markDeletedHere(db, ['m3']);
    await applyFetchDone(db, { accountId: 'a1', summary: { serverCount: 0, downloaded: 0, deletedLocalIds: [], goneLocalIds: ['m2'], refusedTooBig: [], newMessages: [], unidentified: 0 }, error: null }, 5);
    expect((await allPopEntries(db)).map((e) => [e.localId, e.status]).sort()).toEqual([['m1', 'deleted-here'], ['m3', 'deleted-here']]);
  });

  it('keeps unreadFlag in step with unread on direct writes', async () => {
    const db = open();
    await db.messages.add({ ...makeMessage('m1', { unread: false }), unreadFlag: 1 });
    expect((await db.messages.get('m1'))?.unreadFlag).toBe(0);
    await db.messages.update('m1', { unread: true });
    expect((await db.messages.get('m1'))?.unreadFlag).toBe(1);
  });

  it('removing an account removes all it stored and nothing else', async () => {
    const db = open();
    const accounts = accountsRepo(db);
    const messages = messagesRepo(db);
    await accounts.put(makeAccount('a1', 0));
    await accounts.put(makeAccount('a2', 1));
    for (const [id, accountId] of [['m1', 'a1'], ['m2', 'a2']] as const) {
      await messages.storeIncoming({
        meta: makeMessage(id, { accountId, uidl: `u-${id}` }),
        body: { messageId: id, text: 'hi', html: null, warnings: [] },
        raw: new Blob(['raw']),
        attachments: [{ id: `${id}-att`, messageId: id, filename: 'a.txt', contentType: 'text/plain', size: 1, contentId: null, inline: false, blob: new Blob(['x']) }],
        uidl: { id: `uidl-${id}`, accountId, uidl: `u-${id}`, storedAt: 1, deleteAfter: null, deletedFromServer: false },
      });
    }
    await db.transaction('rw', db.popChunks, async () => {
      await addPopEntries(db, 'a1', [{ accountId: 'a1', uidl: 'u-m1', localId: 'm1', downloadedAt: 1, status: 'stored', size: 3 }]);
      await addPopEntries(db, 'a2', [{ accountId: 'a2', uidl: 'u-m2', localId: 'm2', downloadedAt: 1, status: 'stored', size: 3 }]);
    });
    await accounts.remove('a1');
    expect((await accounts.list()).map((a) => a.id)).toEqual(['a2']);
    expect((await allPopEntries(db)).map((e) => e.localId)).toEqual(['m2']);
    expect(await db.messages.toCollection().primaryKeys()).toEqual(['m2']);
    expect(await db.bodies.toCollection().primaryKeys()).toEqual(['m2']);
    expect(await db.raws.toCollection().primaryKeys()).toEqual(['m2']);
    expect(await db.attachments.toCollection().primaryKeys()).toEqual(['m2-att']);
    expect(await db.uidls.toCollection().primaryKeys()).toEqual(['uidl-m2']);
    expect(await accounts.nextOrder()).toBe(2);
  });
});
