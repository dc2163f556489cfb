import 'fake-indexeddb/auto';
import { Dexie, type DBCore } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchOf, type BodyUpdate } from '../../../shared/ipc/calls/fetch';
import { HeronDb } from './db';
import { applyFetchDone, commitFetchBatch, leftOnServer, popStateFor, retryUndownloaded, storeBodies, undownloadedOf } from './fetch-store';
import { addPopEntries } from './pop-store';
import { deleteRaws, getRawBytes } from './raw-store';
import { messagesRepo } from './messages-repo';
import { makeMessage } from './test-fixtures';

let db: HeronDb;
let requests = 0;
let n = 0;

beforeEach(async () => {
  n += 1;
  requests = 0;
  db = new HeronDb(`heron-fetch-store-test-${process.pid}-${n}`);
  // Counts every request the store receives (DBCore: get/getMany/query/count/openCursor/mutate).
  db.use({
    stack: 'dbcore',
    name: 'count-requests',
    create: (down: DBCore): DBCore => ({
      ...down,
      table(name) {
        const t = down.table(name);
        const counted = <A extends unknown[], R>(fn: (...a: A) => R) => (...a: A): R => {
          requests += 1;
          return fn(...a);
        };
        return { ...t, get: counted(t.get), getMany: counted(t.getMany), query: counted(t.query), count: counted(t.count), openCursor: counted(t.openCursor), mutate: counted(t.mutate) };
      },
    }),
  });
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

function row(id: string) {
  return {
    id, accountId: 'a1', folder: 'inbox' as const, messageId: null, inReplyTo: null, references: [], from: { name: 'Bob', address: 'bob@example.com' },
    to: [], cc: [], replyTo: [], subject: `S ${id}`, date: 1, receivedAt: 1, size: 10, hasAttachments: false, snippet: '', unread: true,
    unreadFlag: 1 as const, starred: false, partial: false, uidl: `U${id}`,
  };
}

function body(id: string, parts = 0): BodyUpdate {
  return {
    id,
    body: { messageId: id, text: `text of ${id}`, html: null, warnings: [] },
    attachments: Array.from({ length: parts }, (_, k) => ({
      meta: { id: `${id}:${k}`, messageId: id, filename: `${k}.bin`, contentType: 'application/octet-stream', size: 2, contentId: null, inline: false },
      content: new Uint8Array([k, 255]),
    })),
    hasAttachments: parts > 0,
    snippet: `snippet ${id}`,
  };
}

describe('storeBodies', () => {
  it('stores 200 bodies in a constant number of store requests (it was ~5 per message, holding up the next batch commit)', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `m${i}`);
    await db.messages.bulkPut(ids.map(row));
    // A stale attachment of m1 that the new parse replaces.
    await db.attachments.put({ id: 'm1:old', messageId: 'm1', filename: 'old', contentType: 'text/plain', size: 1, contentId: null, inline: false, blob: null });
    requests = 0;
    await storeBodies(db, [...ids.map((id, i) => body(id, i % 3)), body('gone', 1)]);
    expect(requests).toBeLessThanOrEqual(8);
    expect(await db.bodies.count()).toBe(200);
    expect(await db.bodies.get('gone')).toBeUndefined();
    expect(await db.attachments.get('m1:old')).toBeUndefined();
    expect(await db.attachments.count()).toBe(ids.reduce((sum, _, i) => sum + (i % 3), 0));
    expect(await db.attachments.where('messageId').equals('gone').count()).toBe(0);
    const m2 = await db.messages.get('m2');
    expect(m2).toMatchObject({ hasAttachments: true, snippet: 'snippet m2', subject: 'S m2', unreadFlag: 1 });
    expect(new Uint8Array(await (await db.attachments.get('m2:1'))!.blob!.arrayBuffer())).toEqual(new Uint8Array([1, 255]));
    expect((await db.bodies.get('m199'))?.text).toBe('text of m199');
  });

  it('the same message twice in one call: the later parse wins', async () => {
    await db.messages.put(row('m1'));
    await storeBodies(db, [body('m1', 2), { ...body('m1', 1), snippet: 'later' }]);
    expect((await db.messages.get('m1'))?.snippet).toBe('later');
    expect((await db.attachments.where('messageId').equals('m1').primaryKeys()).sort()).toEqual(['m1:0']);
  });
});

describe('commitFetchBatch raw bytes', () => {
  it('stores exactly each message\'s bytes when they are views into one shared buffer (as IPC decoding leaves them)', async () => {
    const shared = new Uint8Array([0x41, 0x0d, 0x0a, 0xff, 0x00, 0x42, 0x43, 0x0d, 0x0a, 0x44]);
    const views = [shared.subarray(0, 5), shared.subarray(5)];
    const headers = { messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], replyTo: [], subject: 's', date: 1, size: 5, hasAttachments: false };
    await commitFetchBatch(
      db,
      batchOf({ fetchId: 'f', accountId: 'a1', batchId: 0 }, views.map((raw, i) => ({ id: `r${i}`, uidl: `U${i}`, size: raw.byteLength, raw, partial: false, headers, receivedAt: 1 }))),
    );
    // One chunk row for the batch, holding exactly the two views' bytes.
    const chunks = await db.rawChunks.toArray();
    expect(chunks.map((c) => [c.members, c.sizes, c.bytes.byteLength])).toEqual([[['r0', 'r1'], [5, 5], 10]]);
    for (const [i, view] of views.entries()) {
      expect(new Uint8Array(await (await messagesRepo(db).getRaw(`r${i}`))!.arrayBuffer())).toEqual(new Uint8Array(view));
    }
    expect([...(await getRawBytes(db, ['r1', 'nope', 'r0'])).entries()]).toEqual([
      ['r0', new Uint8Array(views[0]!)],
      ['r1', new Uint8Array(views[1]!)],
    ]);
    // A Blob row stored before the switch reads the same way.
    await db.raws.put({ messageId: 'old', blob: new Blob([new Uint8Array([0xff, 0x0d])]), size: 2 });
    expect(new Uint8Array(await (await messagesRepo(db).getRaw('old'))!.arrayBuffer())).toEqual(new Uint8Array([0xff, 0x0d]));
  });
});

describe('raw chunks', () => {
  const headers = { messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], replyTo: [], subject: 's', date: 1, size: 5, hasAttachments: false };
  const msg = (id: string, text: string, over: Record<string, unknown> = {}) => {
    const raw = new TextEncoder().encode(text);
    return { id, uidl: `U-${id}`, size: raw.byteLength, raw, partial: false, headers, receivedAt: 1, ...over };
  };
  const text = async (id: string) => {
    const blob = await messagesRepo(db).getRaw(id);
    return blob ? new TextDecoder().decode(await blob.arrayBuffer()) : undefined;
  };

  it('deleting messages rewrites their chunk without their bytes; a chunk left empty goes', async () => {
    await commitFetchBatch(db, batchOf({ fetchId: 'f', accountId: 'a1', batchId: 0 }, [msg('a', 'AAA'), msg('b', 'SECRET-B'), msg('c', 'CC')]));
    await commitFetchBatch(db, batchOf({ fetchId: 'f', accountId: 'a1', batchId: 1 }, [msg('d', 'DDDD')]));
    const chunkOfA = (await db.messages.get('a'))?.rawChunk;
    expect(chunkOfA).toBeDefined();
    await db.transaction('rw', [db.raws, db.rawChunks, db.messages], () => deleteRaws(db, ['b', 'd']));
    expect([await text('a'), await text('b'), await text('c'), await text('d')]).toEqual(['AAA', undefined, 'CC', undefined]);
    const chunks = await db.rawChunks.toArray();
    expect(chunks).toHaveLength(1);
    // Rewritten under its own id: the survivors' pointers still lead to their bytes.
    expect(chunks[0]!.id).toBe(chunkOfA);
    expect(chunks[0]!.members).toEqual(['a', 'c']);
    expect(new TextDecoder().decode(chunks[0]!.bytes)).toBe('AAACC');
  });

  it('a batch\'s one buffer is stored as the raw chunk, not copied; messages in other buffers are packed by batchOf without the bytes between them', async () => {
    const whole = new TextEncoder().encode('ONETWOTHREE');
    const tiled = [msg('t1', ''), msg('t2', ''), msg('t3', '')].map((m, i) => ({ ...m, raw: whole.subarray([0, 3, 6][i], [3, 6, 11][i]) }));
    const added: unknown[] = [];
    const add = db.rawChunks.add.bind(db.rawChunks);
    db.rawChunks.add = ((row: Parameters<typeof add>[0]) => {
      added.push(row.bytes);
      return add(row);
    }) as typeof add;
    await commitFetchBatch(db, batchOf({ fetchId: 'f', accountId: 'a1', batchId: 0 }, tiled));
    // Not tiled: a gap between views of one buffer (bytes no message owns) must not be stored.
    const gapped = [msg('g1', ''), msg('g2', '')].map((m, i) => ({ ...m, raw: whole.subarray([0, 6][i], [3, 11][i]) }));
    await commitFetchBatch(db, batchOf({ fetchId: 'f', accountId: 'a1', batchId: 1 }, gapped));
    expect(added[0]).toBe(whole.buffer);
    expect(added[1]).not.toBe(whole.buffer);
    expect(new TextDecoder().decode(added[1] as ArrayBuffer)).toBe('ONETHREE');
    expect(await Promise.all(['t1', 't2', 't3', 'g1', 'g2'].map(text))).toEqual(['ONE', 'TWO', 'THREE', 'ONE', 'THREE']);
    expect((await db.rawChunks.toArray()).map((c) => c.offsets).sort()).toEqual([[0, 3], [0, 3, 6]]);
  });

  it('a chunk stored before schema v11 (listed in the indexed `ids`, its rows without a pointer) reads and deletes as before', async () => {
    await db.messages.bulkAdd(['x', 'y'].map((id) => ({ ...makeMessage(id), unreadFlag: 1 as const })));
    const bytes = new TextEncoder().encode('XXYYY');
    await db.rawChunks.add({ id: 'old', ids: ['x', 'y'], offsets: [0, 2], sizes: [2, 3], bytes: bytes.buffer });
    expect([await text('x'), await text('y')]).toEqual(['XX', 'YYY']);
    expect([...(await getRawBytes(db, ['y'])).values()].map((b) => new TextDecoder().decode(b))).toEqual(['YYY']);
    await db.transaction('rw', [db.raws, db.rawChunks, db.messages], () => deleteRaws(db, ['x']));
    // Still in the old shape, so the index still finds the survivor.
    expect(await db.rawChunks.get('old')).toMatchObject({ ids: ['y'], sizes: [3] });
    expect(await text('y')).toBe('YYY');
    expect(await text('x')).toBeUndefined();
  });

  it('a headers-only copy completed later: the old bytes leave their chunk, the new ones are read', async () => {
    await commitFetchBatch(db, batchOf({ fetchId: 'f', accountId: 'a1', batchId: 0 }, [msg('a', 'HEADERS-ONLY', { partial: true }), msg('b', 'BBB')]));
    await commitFetchBatch(db, batchOf({ fetchId: 'f', accountId: 'a1', batchId: 1 }, [msg('a', 'HEADERS-ONLY + BODY', { replaces: true })]));
    expect([await text('a'), await text('b')]).toEqual(['HEADERS-ONLY + BODY', 'BBB']);
    const all = (await db.rawChunks.toArray()).map((c) => new TextDecoder().decode(c.bytes)).sort();
    expect(all).toEqual(['BBB', 'HEADERS-ONLY + BODY']);
  });
});

describe('messages that could not be downloaded (issue 16 §1)', () => {
  const failure = (reason: 'refused' | 'too-big' | 'mismatch', attempts: number, at = 100) => ({ reason, attempts, at, detail: `why ${reason}` });
  const done = (failed: Parameters<typeof applyFetchDone>[1]['failed']) => ({ accountId: 'a1', summary: null, error: null, failed });

  it('a failure is recorded on a new failed entry, on the entry of an earlier failure (its count replaced) or on the headers-only copy kept of it', async () => {
    await addPopEntries(db, 'a1', [
      { accountId: 'a1', uidl: 'U-again', localId: 'L-again', downloadedAt: 1, status: 'failed', size: 20, failure: failure('refused', 1, 1) },
      { accountId: 'a1', uidl: 'U-copy', localId: 'L-copy', downloadedAt: 1, status: 'headers-only', size: 30 },
      { accountId: 'a1', uidl: 'U-ok', localId: 'L-ok', downloadedAt: 1, status: 'stored', size: 40 },
    ]);
    await applyFetchDone(
      db,
      done([
        { uidl: 'U-new', size: 10, localId: 'L-new', failure: failure('mismatch', 1) },
        { uidl: 'U-again', size: 20, localId: 'L-again', failure: failure('refused', 2) },
        { uidl: 'U-copy', size: 30, localId: 'L-copy', failure: failure('too-big', 1) },
      ]),
      7,
    );
    const state = (await popStateFor(db, 'a1')).sort((a, b) => a.localId.localeCompare(b.localId));
    expect(state).toEqual([
      { accountId: 'a1', uidl: 'U-again', localId: 'L-again', downloadedAt: 1, status: 'failed', size: 20, failure: failure('refused', 2) },
      { accountId: 'a1', uidl: 'U-copy', localId: 'L-copy', downloadedAt: 1, status: 'headers-only', size: 30, failure: failure('too-big', 1) },
      { accountId: 'a1', uidl: 'U-new', localId: 'L-new', downloadedAt: 100, status: 'failed', size: 10, failure: failure('mismatch', 1) },
      { accountId: 'a1', uidl: 'U-ok', localId: 'L-ok', downloadedAt: 1, status: 'stored', size: 40 },
    ]);
    expect((await undownloadedOf(db, 'a1')).map((e) => e.localId).sort()).toEqual(['L-again', 'L-copy', 'L-new']);
  });

  it('"Try again" gives every failed message its attempts back, except one that arrived too big', async () => {
    await applyFetchDone(
      db,
      done([
        { uidl: 'U1', size: 10, localId: 'L1', failure: failure('refused', 3) },
        { uidl: 'U2', size: 10, localId: 'L2', failure: failure('mismatch', 3) },
        { uidl: 'U3', size: 10, localId: 'L3', failure: failure('too-big', 1) },
      ]),
    );
    expect(await retryUndownloaded(db, 'a1')).toBe(2);
    const attempts = (await popStateFor(db, 'a1')).map((e) => `${e.localId} ${e.failure?.attempts}`).sort();
    expect(attempts).toEqual(['L1 0', 'L2 0', 'L3 1']);
  });

  it('messages a keep-mode check left for want of a UIDL are counted until a check that lists the mailbox says otherwise', async () => {
    const summary = (unidentified: number) => ({ serverCount: 3, downloaded: 0, deletedLocalIds: [], goneLocalIds: [], refusedTooBig: [], newMessages: [], unidentified });
    await applyFetchDone(db, { accountId: 'a1', summary: summary(2), error: null });
    expect(await leftOnServer(db, 'a1')).toEqual({ entries: [], unidentified: 2 });
    // A check that failed before it could list keeps what the last one learnt.
    await applyFetchDone(db, { accountId: 'a1', summary: null, error: { code: 'ECONNECTION', message: 'gone', retryable: true } });
    expect((await leftOnServer(db, 'a1')).unidentified).toBe(2);
    await applyFetchDone(db, { accountId: 'a1', summary: summary(0), error: null });
    expect((await leftOnServer(db, 'a1')).unidentified).toBe(0);
  });

  it('a failed message stored at last replaces its failed entry (same local id, `replaces`)', async () => {
    await applyFetchDone(db, done([{ uidl: 'U1', size: 10, localId: 'L1', failure: failure('refused', 1) }]));
    const raw = new TextEncoder().encode('Subject: at last\r\n\r\nbody\r\n');
    const headers = { messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], replyTo: [], subject: 'at last', date: 1, size: raw.byteLength, hasAttachments: false };
    await commitFetchBatch(db, batchOf({ fetchId: 'f', accountId: 'a1', batchId: 1 }, [{ id: 'L1', uidl: 'U1', size: 10, raw, partial: false, replaces: true, headers, receivedAt: 1 }]), 9);
    expect(await popStateFor(db, 'a1')).toEqual([{ accountId: 'a1', uidl: 'U1', localId: 'L1', downloadedAt: 9, status: 'stored', size: 10 }]);
    expect(await undownloadedOf(db, 'a1')).toEqual([]);
  });
});
