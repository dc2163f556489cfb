import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeronDb } from './db';
import { deleteForever, emptyTrash } from './delete-forever';
import { popStateFor } from './fetch-store';
import { addPopEntries } from './pop-store';
import { getRawBytes, putRawChunk } from './raw-store';
import { makeMessage } from './test-fixtures';

let db: HeronDb;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = new HeronDb(`heron-delete-test-${process.pid}-${n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const T = 1_700_000_000_000;
const bytes = (text: string) => new TextEncoder().encode(text);

describe('deleting for good', () => {
  it('emptying Trash deletes everything stored for its messages, leaves the others, and marks their POP state deleted-here', async () => {
    await db.messages.bulkAdd([
      { ...makeMessage('k1', { uidl: 'U1', folder: 'trash' }), unreadFlag: 1, rawChunk: 'c1' },
      { ...makeMessage('k2', { uidl: 'U2' }), unreadFlag: 1, rawChunk: 'c1' },
      { ...makeMessage('k3', { uidl: 'U3', accountId: 'a2', folder: 'trash' }), unreadFlag: 1 },
    ]);
    await db.transaction('rw', db.rawChunks, () => putRawChunk(db, 'c1', [{ id: 'k1', bytes: bytes('ONE') }, { id: 'k2', bytes: bytes('TWO') }]));
    await db.bodies.put({ messageId: 'k1', text: 'x', html: null, warnings: [] });
    await db.attachments.put({ id: 'k1:a', messageId: 'k1', filename: 'a', contentType: 'text/plain', size: 1, contentId: null, inline: false, blob: null });
    await addPopEntries(db, 'a1', [
      { accountId: 'a1', uidl: 'U1', localId: 'k1', downloadedAt: T, status: 'stored', size: 1 },
      { accountId: 'a1', uidl: 'U2', localId: 'k2', downloadedAt: T, status: 'stored', size: 1 },
    ]);
    expect(await emptyTrash(db, 'a1')).toBe(1);
    expect(await db.messages.toCollection().primaryKeys()).toEqual(['k2', 'k3']);
    expect(await db.bodies.count()).toBe(0);
    expect(await db.attachments.count()).toBe(0);
    // k1's bytes left the chunk it shared with k2.
    expect([...(await getRawBytes(db, ['k1', 'k2'])).entries()]).toEqual([['k2', bytes('TWO')]]);
    expect((await db.rawChunks.get('c1'))?.members).toEqual(['k2']);
    expect((await popStateFor(db, 'a1')).map((e) => `${e.localId} ${e.status}`).sort()).toEqual(['k1 deleted-here', 'k2 stored']);
  });

  it('a message without a row is looked for in every account\'s POP state; a failed entry stays as it is', async () => {
    await addPopEntries(db, 'a1', [{ accountId: 'a1', uidl: 'U1', localId: 'gone', downloadedAt: T, status: 'headers-only', size: 1 }]);
    await addPopEntries(db, 'a2', [{ accountId: 'a2', uidl: 'U2', localId: 'failed', downloadedAt: T, status: 'failed', size: 1 }]);
    await deleteForever(db, ['gone', 'failed']);
    expect((await popStateFor(db, 'a1'))[0]?.status).toBe('deleted-here');
    expect((await popStateFor(db, 'a2'))[0]?.status).toBe('failed');
  });
});
