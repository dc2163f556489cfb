import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeronDb } from './db';
import { messageListRepo } from './message-list-repo';
import { messagesRepo } from './messages-repo';
import { defaultFirst, settingsRepo } from './settings-repo';
import { requestPersistentStorage } from './persistence';
import { makeMessage } from './test-fixtures';

let db: HeronDb;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = new HeronDb(`heron-msg-test-${process.pid}-${n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('messagesRepo', () => {
  it('counts unread per account and folder, and in total', async () => {
    const repo = messagesRepo(db);
    for (const m of [
      makeMessage('1'),
      makeMessage('2'),
      makeMessage('3', { unread: false }),
      makeMessage('4', { accountId: 'a2' }),
      makeMessage('5', { folder: 'trash' }),
    ]) {
      await db.messages.put({ ...m, unreadFlag: 0 });
    }
    expect(await repo.unreadCounts(['a1', 'a2'])).toEqual({
      byAccount: { a1: { inbox: 2, drafts: 0, outbox: 0, junk: 0 }, a2: { inbox: 1, drafts: 0, outbox: 0, junk: 0 } },
      all: { inbox: 3, drafts: 0, outbox: 0, junk: 0 },
    });
    await messageListRepo(db).setUnread(['1', '4'], false);
    const after = await repo.unreadCounts(['a1', 'a2']);
    expect(after.all.inbox).toBe(1);
  });
});

describe('settingsRepo and storage persistence', () => {
  it('answers defaults until set, then the stored value', async () => {
    const s = settingsRepo(db);
    expect(await s.get('theme')).toBe('system');
    await s.set('theme', 'dark');
    expect(await s.get('theme')).toBe('dark');
  });

  it('records whether persistent storage was granted', async () => {
    const granted = { persisted: async () => false, persist: async () => true } as unknown as StorageManager;
    expect((await requestPersistentStorage(db, granted)).state).toBe('granted');
    const denied = { persisted: async () => false, persist: async () => false } as unknown as StorageManager;
    expect((await requestPersistentStorage(db, denied)).state).toBe('denied');
    expect((await requestPersistentStorage(db, undefined)).state).toBe('unsupported');
    expect((await settingsRepo(db).get('storagePersistence'))?.state).toBe('unsupported');
  });
});

describe('messagesRepo.countByAccount', () => {
  it('counts one account’s messages in every folder and nobody else’s', async () => {
    await db.messages.bulkPut([
      { ...makeMessage('a'), unreadFlag: 1 as const },
      { ...makeMessage('b', { folder: 'sent' }), unreadFlag: 1 as const },
      { ...makeMessage('c', { folder: 'trash', unread: false }), unreadFlag: 0 as const },
      { ...makeMessage('d', { accountId: 'a2' }), unreadFlag: 1 as const },
    ]);
    const repo = messagesRepo(db);
    expect(await repo.countByAccount('a1')).toBe(3);
    expect(await repo.countByAccount('a2')).toBe(1);
    expect(await repo.countByAccount('nobody')).toBe(0);
  });
});

describe('settingsRepo defaults for the global settings', () => {
  it('notifications are on and there is no default account until chosen', async () => {
    const s = settingsRepo(db);
    expect(await s.get('notifyNewMail')).toBe(true);
    expect(await s.get('defaultAccountId')).toBeNull();
    await s.set('notifyNewMail', false);
    await s.set('defaultAccountId', 'a2');
    expect([await s.get('notifyNewMail'), await s.get('defaultAccountId')]).toEqual([false, 'a2']);
  });
});

describe('defaultFirst', () => {
  const a = { id: 'a' };
  const b = { id: 'b' };
  const c = { id: 'c' };
  it('puts the default account first and keeps the others in order', () => {
    expect(defaultFirst([a, b, c], 'c')).toEqual([c, a, b]);
    expect(defaultFirst([a, b, c], 'a')).toEqual([a, b, c]);
  });
  it('changes nothing when there is no default or it was removed', () => {
    expect(defaultFirst([a, b], null)).toEqual([a, b]);
    expect(defaultFirst([a, b], 'gone')).toEqual([a, b]);
    expect(defaultFirst([], 'a')).toEqual([]);
  });
});
