import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { HeronError } from '../../../../shared/ipc/result';
import type { CustomFolderId } from '../../../../shared/model/message';
import { makeMessage, testStores } from '../test-fixtures';
import { serveOrganize } from './organize';
import { connectOrganizer, organize } from './organize-client';

const { open, closeAll } = testStores('heron-organize-test');
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
async function served() {
  const db = open();
  await db.messages.bulkAdd([
    { ...makeMessage('m1'), unreadFlag: 1 },
    { ...makeMessage('m2', { unread: false }), unreadFlag: 0 },
  ]);
  const channel = new MessageChannel();
  channels.push(channel);
  serveOrganize(db, channel.port2, () => T);
  channel.port2.start();
  connectOrganizer(channel.port1);
  channel.port1.start();
  return db;
}

describe('organizing through the store worker', () => {
  it('creates a folder, moves into it, undoes, and answers a refusal with its words', async () => {
    const db = await served();
    const folder = await organize({ op: 'create-folder', folder: { accountId: 'a1', parentId: null, name: ' Receipts ' } });
    expect(folder).toMatchObject({ name: 'Receipts', accountId: 'a1', parentId: null, createdAt: T });
    const record = await organize({ op: 'move', ids: ['m1', 'm2'], to: folder.id });
    expect(await db.folderCounts.get(['a1', folder.id])).toMatchObject({ total: 2, unread: 1 });
    await organize({ op: 'undo', record });
    expect((await db.messages.toArray()).map((r) => r.folder)).toEqual(['inbox', 'inbox']);

    const refused = organize({ op: 'create-folder', folder: { accountId: 'a1', parentId: null, name: 'receipts' } });
    await expect(refused).rejects.toBeInstanceOf(HeronError);
    await expect(refused).rejects.toMatchObject({ code: 'EINVALID', message: 'There is already a folder named “receipts” there.' });
    const path: CustomFolderId = await organize({ op: 'ensure-folder', accountId: null, path: ['Junk'], role: 'junk' });
    expect(await db.folders.get(path)).toMatchObject({ accountId: null, name: 'Junk', role: 'junk' });
  });
});
