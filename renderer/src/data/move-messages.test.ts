import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import type { CustomFolderId } from '../../../shared/model/message';
import type { HeronDb } from './db';
import { deleteForever, emptyTrash } from './delete-forever';
import { commitFetched, popStateFor } from './fetch-store';
import { foldersRepo } from './folders-repo';
import { copyMessages, deleteFolder, moveMessages, restoreFromTrash, undo } from './move-messages';
import { messagesRepo } from './messages-repo';
import { getRawBytes } from './raw-store';
import { countersAndRecount, crashAfterWriting, testStores } from './test-fixtures';

const { open, closeAll, freshName } = testStores('heron-move-test');
afterEach(closeAll);

const T = 1_700_000_000_000;
const enc = new TextEncoder();

/**
 * A message as the fast parser leaves it: its text and its part's base64 are where they lie in
 * its bytes (shared/model/stored-text.ts), so a copy must carry bytes those spans still fit.
 */
function fetched(id: string): FetchedMessage {
  const head = `Subject: ${id}\r\nFrom: Bob <bob@example.com>\r\n\r\n`;
  const text = `body of ${id}`;
  const raw = enc.encode(`${head}${text}\r\nYXR0\r\n`);
  const textSpan = { start: head.length, end: head.length + text.length };
  const partSpan = { start: textSpan.end + 2, end: textSpan.end + 6 };
  return {
    id, uidl: `U-${id}`, size: raw.byteLength, raw, partial: false, receivedAt: T,
    headers: { messageId: `<${id}@x>`, inReplyTo: null, references: [], from: { name: 'Bob', address: 'bob@example.com' }, to: [], cc: [], replyTo: [], subject: `Subject ${id}`, date: T - 1000, size: raw.byteLength, hasAttachments: false },
    content: {
      body: { text: textSpan, html: null, warnings: [] },
      snippet: `body of ${id}`,
      hasAttachments: true,
      attachments: [{ meta: { filename: `${id}.txt`, contentType: 'text/plain', size: 3, contentId: null, inline: false, omitted: false }, content: new Uint8Array(0), inRaw: partSpan }],
    },
  } as FetchedMessage;
}

async function expectCountsRight(db: HeronDb): Promise<void> {
  const { stored, recounted } = await countersAndRecount(db);
  expect(stored).toEqual(recounted);
}

/** Where each message is, as `id folder`. */
async function placement(db: HeronDb): Promise<string[]> {
  return (await db.messages.toArray()).map((r) => `${r.id} ${r.folder}`).sort();
}

async function seeded(name?: string): Promise<{ db: HeronDb; receipts: CustomFolderId }> {
  const db = open(name);
  await commitFetched(db, 'a1', ['m1', 'm2', 'm3', 'm4'].map(fetched), T);
  await commitFetched(db, 'a2', ['n1'].map(fetched), T);
  await db.messages.bulkUpdate([{ key: 'm2', changes: { unread: false } }]);
  const receipts = await foldersRepo(db).ensure('a1', 'Receipts', T);
  return { db, receipts };
}

function dieAfterWriting(name: string, id: string): HeronDb {
  const db = open(name);
  crashAfterWriting(db, id);
  return db;
}

describe('moving messages', () => {
  it('moves a selection in one step, counters with it, and undo puts every message back', async () => {
    const { db, receipts } = await seeded();
    const record = await moveMessages(db, ['m1', 'm2', 'm3'], receipts, T);
    expect(await placement(db)).toEqual([`m1 ${receipts}`, `m2 ${receipts}`, `m3 ${receipts}`, 'm4 inbox', 'n1 inbox']);
    expect(await db.folderCounts.get(['a1', receipts])).toMatchObject({ total: 3, unread: 2 });
    expect(await db.folderCounts.get(['a1', 'inbox'])).toMatchObject({ total: 1, unread: 1 });
    await expectCountsRight(db);
    // Moving files mail; it never asks the server to delete anything.
    expect((await popStateFor(db, 'a1')).map((e) => e.status)).toEqual(['stored', 'stored', 'stored', 'stored']);

    await undo(db, record);
    expect(await placement(db)).toEqual(['m1 inbox', 'm2 inbox', 'm3 inbox', 'm4 inbox', 'n1 inbox']);
    expect(await db.folderCounts.get(['a1', receipts])).toBeUndefined();
    await expectCountsRight(db);
  });

  it('a crash mid-move leaves every message where it was and the counters right (the move is one transaction)', async () => {
    const name = freshName();
    const { db, receipts } = await seeded(name);
    const before = await placement(db);
    const countsBefore = await countersAndRecount(db);
    db.close();
    const dying = dieAfterWriting(name, 'm3');
    await expect(moveMessages(dying, ['m1', 'm2', 'm3'], receipts, T)).rejects.toThrow();
    dying.close();
    // What a restarted app finds on disk.
    const reopened = open(name);
    expect(await placement(reopened)).toEqual(before);
    expect(await countersAndRecount(reopened)).toEqual(countsBefore);
    await expectCountsRight(reopened);
  });

  it('a crash mid-delete of a folder leaves the folder, its mail and the counters as they were', async () => {
    const name = freshName();
    const { db, receipts } = await seeded(name);
    await moveMessages(db, ['m1', 'm2'], receipts, T);
    const before = await placement(db);
    db.close();
    const dying = dieAfterWriting(name, 'm2');
    await expect(deleteFolder(dying, receipts, T)).rejects.toThrow();
    dying.close();
    const reopened = open(name);
    expect(await placement(reopened)).toEqual(before);
    expect((await reopened.folders.toArray()).map((f) => f.name)).toEqual(['Receipts']);
    await expectCountsRight(reopened);
  });

  it('refuses another account\'s folder, Drafts and the Outbox, and moves nothing', async () => {
    const { db, receipts } = await seeded();
    await expect(moveMessages(db, ['m1', 'n1'], receipts, T)).rejects.toThrow('“Receipts” belongs to another account');
    await expect(moveMessages(db, ['m1'], 'outbox', T)).rejects.toThrow('Messages waiting in the Outbox cannot be moved or copied.');
    expect(await placement(db)).toEqual(['m1 inbox', 'm2 inbox', 'm3 inbox', 'm4 inbox', 'n1 inbox']);
    // Local Folders take every account's mail.
    const local = await foldersRepo(db).ensure(null, 'Keep', T);
    await moveMessages(db, ['m1', 'n1'], local, T);
    expect(await db.folderCounts.get(['a2', local])).toMatchObject({ total: 1, unread: 1 });
    await expectCountsRight(db);
  });

  it('to Trash and back: Trash remembers the folder and the time; restore goes back there, or to the Inbox when the folder is gone', async () => {
    const { db, receipts } = await seeded();
    await moveMessages(db, ['m1', 'm2'], receipts, T);
    const trashed = await moveMessages(db, ['m1', 'm2'], 'trash', T + 5);
    expect(await db.messages.get('m1')).toMatchObject({ folder: 'trash', previousFolder: receipts, trashedAt: T + 5 });
    await undo(db, trashed);
    expect(await db.messages.get('m1')).toMatchObject({ folder: receipts });
    expect(await db.messages.get('m1')).not.toHaveProperty('trashedAt');
    await moveMessages(db, ['m1', 'm2'], 'trash', T + 5);
    await restoreFromTrash(db, ['m1']);
    expect((await db.messages.get('m1'))?.folder).toBe(receipts);
    await db.folders.delete(receipts);
    await restoreFromTrash(db, ['m2']);
    expect((await db.messages.get('m2'))?.folder).toBe('inbox');
    await expectCountsRight(db);
  });
});

describe('copying messages', () => {
  it('a copy has its own row, body, parts and exact bytes, and no POP state: deleting it never deletes from the server', async () => {
    const { db, receipts } = await seeded();
    const record = await copyMessages(db, ['m1'], receipts, T + 9);
    if (record.kind !== 'copy') throw new Error('not a copy');
    const [copyId] = record.copies;
    if (!copyId) throw new Error('no copy');
    expect(await db.messages.get(copyId)).toMatchObject({ folder: receipts, subject: 'Subject m1', uidl: null, unread: true });
    // Its text and part read out of its own bytes, exactly as the original's.
    const repo = messagesRepo(db);
    expect((await repo.getBody(copyId))?.text).toBe('body of m1');
    const parts = await repo.attachmentsOf(copyId);
    expect(parts.map((a) => a.filename)).toEqual(['m1.txt']);
    expect(await parts[0]?.blob?.text()).toBe('att');
    const original = (await getRawBytes(db, ['m1'])).get('m1');
    expect((await getRawBytes(db, [copyId])).get(copyId)).toEqual(original);
    await expectCountsRight(db);

    // The original deleted for good: the copy keeps its bytes; the original's POP state says deleted-here.
    await deleteForever(db, ['m1']);
    expect((await getRawBytes(db, [copyId])).get(copyId)).toEqual(original);
    expect((await repo.getBody(copyId))?.text).toBe('body of m1');
    expect((await popStateFor(db, 'a1')).find((e) => e.localId === 'm1')?.status).toBe('deleted-here');
    // Undoing the copy deletes the copy and touches no POP state.
    await undo(db, record);
    expect(await db.messages.get(copyId)).toBeUndefined();
    expect((await popStateFor(db, 'a1')).filter((e) => e.status === 'deleted-here').map((e) => e.localId)).toEqual(['m1']);
    await expectCountsRight(db);
  });
});

describe('nested folders', () => {
  it('rename keeps the nesting and the mail; deleting a parent takes its children and sends all their mail to Trash; undo brings back both', async () => {
    const { db } = await seeded();
    const repo = foldersRepo(db);
    const c = await repo.ensure('a1', ['Projects', 'Heron', 'Bugs'], T);
    const b = (await db.folders.get(c))?.parentId as CustomFolderId;
    const a = (await db.folders.get(b))?.parentId as CustomFolderId;
    expect(await repo.ensure('a1', 'Projects/Heron/Bugs', T)).toBe(c);
    expect(await db.folders.count()).toBe(4);
    await moveMessages(db, ['m1'], a, T);
    await moveMessages(db, ['m2'], b, T);
    await moveMessages(db, ['m3'], c, T);

    await repo.rename(b, 'Heron Mail');
    expect(await repo.ensure('a1', 'Projects/Heron Mail/Bugs', T)).toBe(c);
    await expect(repo.rename(c, 'x/y')).rejects.toThrow('A folder’s name cannot contain “/”.');
    await repo.create({ accountId: 'a1', parentId: a, name: 'Other' }, T);
    await expect(repo.rename(b, 'other')).rejects.toThrow('There is already a folder named “other” there.');
    await expect(repo.nest(a, c)).rejects.toThrow('“Projects” cannot be put inside itself.');

    const record = await deleteFolder(db, a, T + 1);
    expect((await db.folders.toArray()).map((f) => f.name).sort()).toEqual(['Receipts']);
    expect(await placement(db)).toEqual(['m1 trash', 'm2 trash', 'm3 trash', 'm4 inbox', 'n1 inbox']);
    expect(await db.messages.get('m3')).toMatchObject({ previousFolder: c, trashedAt: T + 1 });
    expect(await db.folderCounts.get(['a1', 'trash'])).toMatchObject({ total: 3, unread: 2 });
    await expectCountsRight(db);

    await undo(db, record);
    expect((await db.folders.toArray()).map((f) => f.name).sort()).toEqual(['Bugs', 'Heron Mail', 'Other', 'Projects', 'Receipts']);
    expect(await placement(db)).toEqual([`m1 ${a}`, `m2 ${b}`, `m3 ${c}`, 'm4 inbox', 'n1 inbox'].sort());
    await expectCountsRight(db);

    // Emptying Trash after a folder delete deletes its mail for good and tells the server.
    await deleteFolder(db, b, T + 2);
    expect(await emptyTrash(db, 'a1')).toBe(2);
    expect((await popStateFor(db, 'a1')).filter((e) => e.status === 'deleted-here').map((e) => e.localId).sort()).toEqual(['m2', 'm3']);
    await expectCountsRight(db);
  });
});
