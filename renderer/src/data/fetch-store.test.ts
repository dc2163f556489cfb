import 'fake-indexeddb/auto';
import { Dexie, type DBCore } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FetchedMessage, ParsedContent } from '../../../shared/model/fetched-message';
import { HeronDb } from './db';
import { applyFetchDone, commitFetched, leftOnServer, popStateFor, retryUndownloaded, UNREADABLE } from './fetch-store';
import { addPopEntries, undownloadedOf } from './pop-store';
import { deleteRaws, getRawBytes } from './raw-store';
import { messagesRepo } from './messages-repo';

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

const headers = { messageId: null, inReplyTo: null, references: [], from: { name: 'Bob', address: 'bob@example.com' }, to: [], cc: [], replyTo: [], subject: 's', date: 1, size: 5, hasAttachments: false };

/** What the fetch worker read of a message: its text and `parts` attachments of two bytes each. */
function content(id: string, parts = 0): ParsedContent {
  return {
    body: { text: `text of ${id}`, html: null, warnings: [] },
    attachments: Array.from({ length: parts }, (_, k) => ({
      meta: { filename: `${k}.bin`, contentType: 'application/octet-stream', size: 2, contentId: null, inline: false, omitted: false },
      content: new Uint8Array([k, 255]),
    })),
    hasAttachments: parts > 0,
    snippet: `snippet ${id}`,
  };
}

function fetched(id: string, over: Partial<FetchedMessage> = {}): FetchedMessage {
  const raw = new TextEncoder().encode(`Subject: ${id}\r\n\r\nbody\r\n`);
  return { id, uidl: `U-${id}`, size: raw.byteLength, raw, partial: false, headers: { ...headers, subject: `S ${id}` }, receivedAt: 1, ...over };
}

describe('committing a batch with what the worker read of it', () => {
  it('stores 200 messages with their bodies and parts in a constant number of store requests', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `m${i}`);
    requests = 0;
    await commitFetched(db, 'a1', ids.map((id, i) => fetched(id, { content: content(id, i % 3) })));
    expect(requests).toBeLessThanOrEqual(12);
    expect(await db.bodies.count()).toBe(200);
    expect(await db.attachments.count()).toBe(ids.reduce((sum, _, i) => sum + (i % 3), 0));
    expect(await db.messages.get('m2')).toMatchObject({ hasAttachments: true, snippet: 'snippet m2', subject: 'S m2', unreadFlag: 1 });
    expect(await db.attachments.get('m2:1')).toMatchObject({ messageId: 'm2', filename: '1.bin', size: 2 });
    expect(new Uint8Array(await (await db.attachments.get('m2:1'))!.blob!.arrayBuffer())).toEqual(new Uint8Array([1, 255]));
    expect(await db.bodies.get('m199')).toEqual({ messageId: 'm199', text: 'text of m199', html: null, warnings: [] });
  });

  it('text and parts that lie in the message\'s bytes are stored as where they lie, and read from there: the body, and each part as a Blob', async () => {
    const raw = new TextEncoder().encode('Subject: x\r\n\r\nGrüße\r\nzwei\r\n--b\r\nQUJD\r\nREVG\r\n');
    const text = { start: 14, end: 29 };
    const part = { start: 34, end: 44 };
    const inRaw: ParsedContent = {
      body: { text, html: '<p>kept as text</p>', warnings: ['w'] },
      attachments: [{ meta: { filename: 'a.bin', contentType: 'application/zip', size: 6, contentId: null, inline: false, omitted: false }, content: new Uint8Array(0), inRaw: part }],
      hasAttachments: true,
      snippet: 'Grüße zwei',
    };
    await commitFetched(db, 'acc', [fetched('m1', { raw, size: raw.byteLength, content: inRaw })]);
    // What is stored: where they lie, not a copy.
    expect(await db.bodies.get('m1')).toEqual({ messageId: 'm1', text, html: '<p>kept as text</p>', warnings: ['w'] });
    expect((await db.attachments.get('m1:0'))?.inRaw).toEqual(part);
    expect((await db.attachments.get('m1:0'))?.blob).toBeNull();
    // What the reader gets: the text and the bytes.
    const repo = messagesRepo(db);
    expect(await repo.getBody('m1')).toEqual({ messageId: 'm1', text: 'Grüße\nzwei\n', html: '<p>kept as text</p>', warnings: ['w'] });
    const [attachment] = await repo.attachmentsOf('m1');
    expect(attachment).not.toHaveProperty('inRaw');
    expect(new TextDecoder().decode(await attachment!.blob!.arrayBuffer())).toBe('ABCDEF');
    expect(attachment!.blob!.type).toBe('application/zip');
  });

  it('opening a message reads its row, body and bytes in one transaction, and its parts in one more: each waits for at most the batch being written', async () => {
    const raw = new TextEncoder().encode('Subject: x\r\n\r\nHello\r\nQUJD\r\n');
    const inRaw: ParsedContent = {
      body: { text: { start: 14, end: 21 }, html: null, warnings: [] },
      attachments: [{ meta: { filename: 'a.bin', contentType: 'application/zip', size: 3, contentId: null, inline: false, omitted: false }, content: new Uint8Array(0), inRaw: { start: 21, end: 27 } }],
      hasAttachments: true,
      snippet: 'Hello',
    };
    await commitFetched(db, 'acc', [fetched('m1', { raw, size: raw.byteLength, content: inRaw })]);
    let transactions = 0;
    db.close();
    db.use({ stack: 'dbcore', name: 'count-transactions', create: (down: DBCore): DBCore => ({ ...down, transaction: (...a) => ((transactions += 1), down.transaction(...a)) }) });
    await db.open();
    const repo = messagesRepo(db);
    const opened = await repo.withBody('m1');
    expect([opened?.meta.id, opened?.body?.text, transactions]).toEqual(['m1', 'Hello\n', 1]);
    const [part] = await repo.attachmentsOf('m1');
    expect([new TextDecoder().decode(await part!.blob!.arrayBuffer()), transactions]).toEqual(['ABC', 2]);
  });

  it('a part over the size cap keeps its name and size, not its bytes; a message the parser could not read says so in its body', async () => {
    const c = content('m1', 1);
    const omitted = { ...c, attachments: [{ meta: { ...c.attachments[0]!.meta, size: 99_000_000, omitted: true }, content: new Uint8Array(0) }] };
    await commitFetched(db, 'a1', [fetched('m1', { content: omitted }), fetched('m2')]);
    expect(await db.attachments.get('m1:0')).toEqual({ id: 'm1:0', messageId: 'm1', filename: '0.bin', contentType: 'application/octet-stream', size: 99_000_000, contentId: null, inline: false, blob: null });
    expect(await db.bodies.get('m2')).toEqual({ messageId: 'm2', text: null, html: null, warnings: [UNREADABLE] });
    expect(await db.messages.get('m2')).toMatchObject({ snippet: '', hasAttachments: false });
  });

  it('completing a headers-only copy replaces its body and parts, and keeps what the person did to it', async () => {
    await commitFetched(db, 'a1', [fetched('m1', { partial: true, content: content('m1', 2) })]);
    await db.messages.update('m1', { starred: true, unread: false });
    await commitFetched(db, 'a1', [fetched('m1', { replaces: true, content: { ...content('m1', 1), snippet: 'the whole' } })]);
    expect(await db.messages.get('m1')).toMatchObject({ starred: true, unread: false, partial: false, snippet: 'the whole' });
    expect(await db.attachments.where('messageId').equals('m1').primaryKeys()).toEqual(['m1:0']);
    expect(await db.bodies.count()).toBe(1);
  });
});

describe('commitFetched raw bytes', () => {
  it('stores exactly each message\'s bytes when they are views into one shared buffer (as IPC decoding leaves them)', async () => {
    const shared = new Uint8Array([0x41, 0x0d, 0x0a, 0xff, 0x00, 0x42, 0x43, 0x0d, 0x0a, 0x44]);
    const views = [shared.subarray(0, 5), shared.subarray(5)];
    const headers = { messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], replyTo: [], subject: 's', date: 1, size: 5, hasAttachments: false };
    await commitFetched(db, 'a1', views.map((raw, i) => ({ id: `r${i}`, uidl: `U${i}`, size: raw.byteLength, raw, partial: false, headers, receivedAt: 1 })));
    // One chunk row for the batch, holding exactly the two views' bytes.
    const chunks = await db.rawChunks.toArray();
    expect(chunks.map((c) => [c.members, c.sizes, c.bytes.size])).toEqual([[['r0', 'r1'], [5, 5], 10]]);
    for (const [i, view] of views.entries()) {
      expect(new Uint8Array(await (await messagesRepo(db).getRaw(`r${i}`))!.arrayBuffer())).toEqual(new Uint8Array(view));
    }
    expect([...(await getRawBytes(db, ['r1', 'nope', 'r0'])).entries()]).toEqual([
      ['r0', new Uint8Array(views[0]!)],
      ['r1', new Uint8Array(views[1]!)],
    ]);
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
    await commitFetched(db, 'a1', [msg('a', 'AAA'), msg('b', 'SECRET-B'), msg('c', 'CC')]);
    await commitFetched(db, 'a1', [msg('d', 'DDDD')]);
    const chunkOfA = (await db.messages.get('a'))?.rawChunk;
    expect(chunkOfA).toBeDefined();
    await db.transaction('rw', [db.rawChunks, db.messages], () => deleteRaws(db, ['b', 'd']));
    expect([await text('a'), await text('b'), await text('c'), await text('d')]).toEqual(['AAA', undefined, 'CC', undefined]);
    const chunks = await db.rawChunks.toArray();
    expect(chunks).toHaveLength(1);
    // Rewritten under its own id: the survivors' pointers still lead to their bytes.
    expect(chunks[0]!.id).toBe(chunkOfA);
    expect(chunks[0]!.members).toEqual(['a', 'c']);
    expect(await chunks[0]!.bytes.text()).toBe('AAACC');
  });

  it('a batch is stored as one Blob of exactly its messages\' bytes: views of one buffer with a gap between them leave the gap out', async () => {
    const whole = new TextEncoder().encode('ONETWOTHREE');
    const tiled = [msg('t1', ''), msg('t2', ''), msg('t3', '')].map((m, i) => ({ ...m, raw: whole.subarray([0, 3, 6][i], [3, 6, 11][i]) }));
    await commitFetched(db, 'a1', tiled);
    // A gap between views of one buffer (bytes no message owns) must not be stored.
    const gapped = [msg('g1', ''), msg('g2', '')].map((m, i) => ({ ...m, raw: whole.subarray([0, 6][i], [3, 11][i]) }));
    await commitFetched(db, 'a1', gapped);
    const chunks = await db.rawChunks.toArray();
    expect(chunks.every((c) => c.bytes instanceof Blob)).toBe(true);
    expect((await Promise.all(chunks.map((c) => c.bytes.text()))).sort()).toEqual(['ONETHREE', 'ONETWOTHREE']);
    expect(await Promise.all(['t1', 't2', 't3', 'g1', 'g2'].map(text))).toEqual(['ONE', 'TWO', 'THREE', 'ONE', 'THREE']);
    expect(chunks.map((c) => c.offsets).sort()).toEqual([[0, 3], [0, 3, 6]]);
  });

  it('a headers-only copy completed later: the old bytes leave their chunk, the new ones are read', async () => {
    await commitFetched(db, 'a1', [msg('a', 'HEADERS-ONLY', { partial: true }), msg('b', 'BBB')]);
    await commitFetched(db, 'a1', [msg('a', 'HEADERS-ONLY + BODY', { replaces: true })]);
    expect([await text('a'), await text('b')]).toEqual(['HEADERS-ONLY + BODY', 'BBB']);
    const all = (await Promise.all((await db.rawChunks.toArray()).map((c) => c.bytes.text()))).sort();
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

  it('messages that left the server without Heron deleting them are counted as vanished; those Heron deleted are not', async () => {
    const entry = (uidl: string, status: 'stored' | 'deleted-on-server') => ({ accountId: 'a1', uidl, localId: `L-${uidl}`, downloadedAt: 1, status, size: 10 });
    await db.transaction('rw', db.popChunks, () => addPopEntries(db, 'a1', [entry('A', 'stored'), entry('B', 'stored'), entry('C', 'deleted-on-server'), entry('D', 'stored')]));
    const summary = { serverCount: 1, downloaded: 0, deletedLocalIds: [], goneLocalIds: ['L-A', 'L-B', 'L-C'], refusedTooBig: [], newMessages: [], unidentified: 0 };
    await applyFetchDone(db, { accountId: 'a1', summary, error: null }, 77);
    expect((await db.popState.get('a1'))?.vanished).toEqual({ count: 2, at: 77 });
    expect((await popStateFor(db, 'a1')).map((e) => e.uidl)).toEqual(['D']);
    // A later check where nothing vanished keeps the last warning.
    await applyFetchDone(db, { accountId: 'a1', summary: { ...summary, goneLocalIds: [] }, error: null }, 88);
    expect((await db.popState.get('a1'))?.vanished).toEqual({ count: 2, at: 77 });
  });

  it('a failed message stored at last replaces its failed entry (same local id, `replaces`)', async () => {
    await applyFetchDone(db, done([{ uidl: 'U1', size: 10, localId: 'L1', failure: failure('refused', 1) }]));
    await commitFetched(db, 'a1', [fetched('other')]);
    // Only the row holding the failure is marked: the window watches those alone while fetches add rows.
    const marked = () => db.popChunks.where('[accountId+undownloaded]').equals(['a1', 1]).count();
    expect([await marked(), await db.popChunks.count()]).toEqual([1, 2]);
    const raw = new TextEncoder().encode('Subject: at last\r\n\r\nbody\r\n');
    const headers = { messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], replyTo: [], subject: 'at last', date: 1, size: raw.byteLength, hasAttachments: false };
    await commitFetched(db, 'a1', [{ id: 'L1', uidl: 'U1', size: 10, raw, partial: false, replaces: true, headers, receivedAt: 1 }], 9);
    expect((await popStateFor(db, 'a1')).filter((e) => e.localId === 'L1')).toEqual([{ accountId: 'a1', uidl: 'U1', localId: 'L1', downloadedAt: 9, status: 'stored', size: 10 }]);
    expect(await undownloadedOf(db, 'a1')).toEqual([]);
    expect(await marked()).toBe(0);
  });
});
