import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { HeronError } from '../../../../shared/ipc/result';
import type { CustomFolderId } from '../../../../shared/model/message';
import { popStateFor } from '../fetch-store';
import { ensureFolder } from '../folders-repo';
import { addPopEntries } from '../pop-store';
import { countersAndRecount, crashAfterWriting, makeMessage, testStores } from '../test-fixtures';
import { serveOrganize } from './organize';
import { connectOrganizer, organize } from './organize-client';

const { open, closeAll, freshName } = testStores('heron-organize-test');
const channels: MessageChannel[] = [];
afterEach(async () => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
  await closeAll();
});

const T = 1_700_000_000_000;

/** The window's client and the worker's service over a real MessageChannel. */
async function served(db = open()) {
  const channel = new MessageChannel();
  channels.push(channel);
  serveOrganize(db, channel.port2, () => T);
  channel.port2.start();
  connectOrganizer(channel.port1);
  channel.port1.start();
  return db;
}

describe('organizing through the store worker', () => {
  it('the server view\'s asks are written by the store worker: a message not here only when confirmed gone', async () => {
    const db = await served();
    const entry = (uidl: string, status: 'stored' | 'headers-only') => ({ accountId: 'a1', uidl, localId: `L-${uidl}`, downloadedAt: 1, status, size: 10 });
    await db.transaction('rw', db.popChunks, () => addPopEntries(db, 'a1', [entry('A', 'stored'), entry('B', 'headers-only')]));
    expect(await organize({ op: 'ask-server', accountId: 'a1', localIds: ['L-A', 'L-B'], action: 'delete', confirmedGone: false })).toEqual({ asked: 1, needConfirm: 1 });
    expect((await popStateFor(db, 'a1')).map((e) => [e.uidl, e.asked ?? null])).toEqual([
      ['A', { action: 'delete', at: T }],
      ['B', null],
    ]);
  });

  it('creates a folder, moves into it, undoes, and answers a refusal with its words', async () => {
    const db = await served();
    await db.messages.bulkAdd([
      { ...makeMessage('m1'), unreadFlag: 1 },
      { ...makeMessage('m2', { unread: false }), unreadFlag: 0 },
    ]);
    const folder = await organize({ op: 'create-folder', folder: { accountId: 'a1', parentId: null, name: ' Receipts ' } });
    expect(folder).toMatchObject({ name: 'Receipts', accountId: 'a1', parentId: null, createdAt: T });
    const record = await organize({ op: 'move', ids: ['m1', 'm2'], to: folder.id });
    expect(await db.folderCounts.get(['a1', folder.id])).toMatchObject({ total: 2, unread: 1 });
    await organize({ op: 'undo', record });
    expect((await db.messages.toArray()).map((r) => r.folder)).toEqual(['inbox', 'inbox']);

    const refused = organize({ op: 'create-folder', folder: { accountId: 'a1', parentId: null, name: 'receipts' } });
    await expect(refused).rejects.toBeInstanceOf(HeronError);
    await expect(refused).rejects.toMatchObject({ code: 'EINVALID', message: 'There is already a folder named “receipts” there.' });
    const path: CustomFolderId = await organize({ op: 'ensure-folder', accountId: null, path: ['Archive'], role: 'archive' });
    expect(await db.folders.get(path)).toMatchObject({ accountId: null, name: 'Archive', role: 'archive' });
  });

  it('junk training on every move path: archive out of Junk, restore into it, and undo of a move into it', async () => {
    const db = await served();
    await db.messages.bulkAdd([{ ...makeMessage('m1'), folder: 'junk', unreadFlag: 1 }, { ...makeMessage('m2'), unreadFlag: 1 }, { ...makeMessage('m3'), unreadFlag: 1 }]);
    // Archive out of Junk: not junk.
    await organize({ op: 'archive', ids: ['m1'] });
    expect((await db.messages.get('m1'))?.junk?.trained).toBe('good');
    // Into Junk, then undo: the message is back and was taught good, as a move out of Junk is.
    const record = await organize({ op: 'move', ids: ['m2'], to: 'junk' });
    expect((await db.messages.get('m2'))?.junk?.trained).toBe('junk');
    await organize({ op: 'undo', record });
    expect(await db.messages.get('m2')).toMatchObject({ folder: 'inbox', junk: { trained: 'good' } });
    // Deleted from Junk and restored there: taught junk.
    await db.messages.update('m3', { folder: 'trash', previousFolder: 'junk', trashedAt: T });
    await organize({ op: 'restore', ids: ['m3'] });
    expect(await db.messages.get('m3')).toMatchObject({ folder: 'junk', junk: { trained: 'junk' } });
    expect((await db.ruleLog.where('messageId').equals('m2').toArray()).map((e) => e.did[0])).toEqual(['Marked as not junk (the filter learned from it)']);
  });

  it('a store that dies mid-move: the window is told in words, every message stays where it was, the counters stay right', async () => {
    const name = freshName();
    const seeded = open(name);
    await seeded.messages.bulkAdd([
      { ...makeMessage('m1'), unreadFlag: 1 },
      { ...makeMessage('m2', { unread: false }), unreadFlag: 0 },
    ]);
    const receipts = await ensureFolder(seeded, 'a1', 'Receipts');
    seeded.close();
    const dying = open(name);
    crashAfterWriting(dying, 'm2');
    await served(dying);
    const failed = organize({ op: 'move', ids: ['m1', 'm2'], to: receipts });
    await expect(failed).rejects.toMatchObject({ code: 'ESTORAGE', message: expect.stringMatching(/^Heron could not write to its store on this computer, so nothing was changed/) });
    dying.close();
    const after = open(name);
    expect((await after.messages.toArray()).map((r) => `${r.id} ${r.folder}`)).toEqual(['m1 inbox', 'm2 inbox']);
    const { stored, recounted } = await countersAndRecount(after);
    expect(stored).toEqual(recounted);
  });
});
