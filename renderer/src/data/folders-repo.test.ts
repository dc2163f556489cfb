import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { isCustomFolder } from '../../../shared/model/message';
import { settingsRepo } from './settings-repo';
import { ensureFolder, foldersRepo, pathOf } from './folders-repo';
import { archiveMessages, undo } from './move-messages';
import { accountsRepo } from './accounts-repo';
import { countersAndRecount, makeAccount, makeMessage, testStores } from './test-fixtures';

const { open, closeAll } = testStores('heron-folders-test');
afterEach(closeAll);

const T = 1_700_000_000_000;

describe('ensureFolder (for the importer, the junk filter, the Archive)', () => {
  it('answers the same folder for the same path, whatever the case, making only what is missing, per account and under Local Folders', async () => {
    const db = open();
    const labels = await ensureFolder(db, 'a1', 'Takeout/Receipts/2024', { now: T });
    expect(await ensureFolder(db, 'a1', ['takeout', 'RECEIPTS', '2024'])).toBe(labels);
    expect(pathOf(await db.folders.toArray(), labels)).toEqual(['Takeout', 'Receipts', '2024']);
    expect(await db.folders.count()).toBe(3);
    const archive = await ensureFolder(db, null, 'Archive', { role: 'archive' });
    expect(await db.folders.get(archive)).toMatchObject({ accountId: null, parentId: null, name: 'Archive', role: 'archive' });
    // Another account's folder of the same name is its own.
    expect(await ensureFolder(db, 'a2', 'Takeout/Receipts/2024')).not.toBe(labels);
    expect(await db.folders.count()).toBe(7);
    await expect(ensureFolder(db, 'a1', 'Takeout//x')).rejects.toThrow('A folder needs a name.');
    await expect(foldersRepo(db).create({ accountId: 'a1', parentId: null, name: 'a\u0007b' }, T)).rejects.toThrow('A folder’s name cannot contain control characters.');
    await expect(foldersRepo(db).create({ accountId: 'a2', parentId: labels, name: 'x' }, T)).rejects.toThrow('A folder is nested only inside a folder of the same account.');
  });
});

describe('one Junk (and one of each fixed folder) per account', () => {
  it('refuses a folder of its own named like a fixed folder at the top, however it would be made; nested, the name is free', async () => {
    const db = open();
    const refusal = '“Junk” is already one of your folders (Inbox, Sent, Drafts, Outbox, Junk, Trash); choose another name.';
    await expect(foldersRepo(db).create({ accountId: 'a1', parentId: null, name: ' junk ' }, T)).rejects.toThrow(refusal.replace('“Junk”', '“junk”'));
    await expect(foldersRepo(db).create({ accountId: null, parentId: null, name: 'Junk' }, T)).rejects.toThrow(refusal);
    await expect(ensureFolder(db, 'a1', 'Junk')).rejects.toThrow(refusal);
    const spam = await ensureFolder(db, 'a1', 'Spam');
    await expect(foldersRepo(db).rename(spam, 'Junk')).rejects.toThrow(refusal);
    await expect(foldersRepo(db).rename(spam, 'TRASH')).rejects.toThrow('“TRASH” is already one of your folders');
    const nested = await ensureFolder(db, 'a1', 'Old/Junk');
    await expect(foldersRepo(db).nest(nested, null)).rejects.toThrow(refusal);
    expect((await db.folders.toArray()).map((f) => f.name).sort()).toEqual(['Junk', 'Old', 'Spam']);
  });
});

describe('archiving', () => {
  it('files each message in its own account\'s Archive (by year when asked), in one undoable step', async () => {
    const db = open();
    const d2023 = Date.UTC(2023, 5, 1);
    const d2024 = Date.UTC(2024, 5, 1);
    await db.messages.bulkAdd([
      { ...makeMessage('m1', { date: d2023 }), unreadFlag: 1 },
      { ...makeMessage('m2', { date: d2024, unread: false }), unreadFlag: 0 },
      { ...makeMessage('n1', { accountId: 'a2', date: d2024 }), unreadFlag: 1 },
    ]);
    const record = await archiveMessages(db, ['m1', 'n1'], false, T);
    const a1Archive = await ensureFolder(db, 'a1', 'Archive');
    const a2Archive = await ensureFolder(db, 'a2', 'Archive');
    expect((await db.messages.bulkGet(['m1', 'n1'])).map((r) => r?.folder)).toEqual([a1Archive, a2Archive]);
    expect((await db.folders.get(a1Archive))?.role).toBe('archive');
    await undo(db, record);
    expect((await db.messages.toArray()).map((r) => r.folder)).toEqual(['inbox', 'inbox', 'inbox']);

    await settingsRepo(db).set('archiveByYear', true);
    await archiveMessages(db, ['m1', 'm2'], true, T);
    const all = await db.folders.toArray();
    const rows = await db.messages.bulkGet(['m1', 'm2']);
    expect(rows.map((r) => (r && isCustomFolder(r.folder) ? pathOf(all, r.folder).join('/') : r?.folder))).toEqual(['Archive/2023', 'Archive/2024']);
    const { stored, recounted } = await countersAndRecount(db);
    expect(stored).toEqual(recounted);
  });
});

describe('removing an account', () => {
  it('removes its folders and keeps Local Folders', async () => {
    const db = open();
    await accountsRepo(db).put(makeAccount('a1'));
    await ensureFolder(db, 'a1', 'Receipts/2024');
    const keep = await ensureFolder(db, null, 'Keep');
    await accountsRepo(db).remove('a1');
    expect((await db.folders.toArray()).map((f) => f.id)).toEqual([keep]);
  });
});
